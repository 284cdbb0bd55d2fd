// GStreamer for the simulator: initialised once per process, and a check that the elements the
// RTSPS simulator needs are installed, with a sentence that names the missing Debian package.
#pragma once

#include <QString>
#include <QStringList>

namespace GStreamerSupport {

// gst_init once (thread-safe; later calls return the first outcome). False, with the reason in
// *error, when GStreamer cannot start.
bool initialize(QString *error = nullptr);

// Initialises and checks that each element factory exists. False, with a sentence naming the
// missing elements and their Debian packages in *error, if any is missing.
bool hasElements(const QStringList &elementNames, QString *error = nullptr);

} // namespace GStreamerSupport
