#include "certificatereviewdialog.h"

#include <QPushButton>

CertificateReviewDialog::CertificateReviewDialog(const QString &printerName, const QString &pinned,
                                                 const QString &presented, QWidget *parent)
    : QMessageBox(QMessageBox::Warning, tr("Certificate changed"),
                  tr("%1 presented a different certificate than the one FarmCam saw before. "
                     "Its access code was not sent.")
                      .arg(QStringLiteral("“%1”").arg(printerName)),
                  QMessageBox::Cancel, parent)
{
    setObjectName(QStringLiteral("certificateReviewDialog"));
    setInformativeText(
        tr("<p>Trust the new certificate only if you reset, updated or replaced this printer. "
           "Otherwise another device on your network may be posing as it.</p>"
           "<p><b>Saved:</b><br><code>%1</code></p><p><b>Presented now:</b><br><code>%2</code></p>")
            .arg(pinned.toHtmlEscaped(), presented.toHtmlEscaped()));
    m_trustButton = addButton(tr("&Trust new certificate"), QMessageBox::AcceptRole);
    // Trust is given on purpose, never by a stray Enter.
    setDefaultButton(QMessageBox::Cancel);
}

bool CertificateReviewDialog::trustChosen() const
{
    return clickedButton() == m_trustButton;
}
