// "Nothing came" in StatusConnection tests without a fixed sleep: time measured in retries.
#pragma once

#include "net/statusconnection.h"
#include "testsupport.h"

#include <QSignalSpy>
#include <QString>
#include <QTest>

namespace TestSupport {

// Lets the time for several retries pass: a witness with the same timeouts dials a closed port on
// `host` (looked up like the real one when it is a name) until it has failed `failures` times,
// with a backoff before each retry. A retry, or a late look-up result, of a connection that had
// stopped before the witness started would have come within that time too, however slow or busy
// the machine is. False if the witness did not get that far within a minute.
inline bool retriesHadTime(const StatusConnection::Timeouts &timeouts, int failures = 4,
                           const QString &host = QStringLiteral("127.0.0.1"))
{
    StatusConnection witness;
    witness.setTimeouts(timeouts);
    StatusEndpoint endpoint;
    endpoint.host = host;
    endpoint.port = closedLoopbackPort();
    endpoint.accessCode = kAccessCode;
    witness.setEndpoint(endpoint);
    QSignalSpy failed(&witness, &StatusConnection::failed);
    witness.start();
    return QTest::qWaitFor([&failed, failures] { return failed.size() >= failures; }, 60000);
}

} // namespace TestSupport
