#include "threadname.h"

#include <QByteArray>
#include <QtGlobal>

#if defined(Q_OS_LINUX)
#include <pthread.h>
#endif

namespace ThreadName {

void setForCurrentThread(const QByteArray &name)
{
#if defined(Q_OS_LINUX)
    ::pthread_setname_np(::pthread_self(), name.left(15).constData());
#else
    Q_UNUSED(name)
#endif
}

} // namespace ThreadName
