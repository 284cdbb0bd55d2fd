// Asks whether to trust the certificate a printer now presents instead of the one pinned for it,
// with both fingerprints to compare.
#pragma once

#include <QMessageBox>

class QPushButton;

class CertificateReviewDialog final : public QMessageBox
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CertificateReviewDialog)

public:
    // pinned: the fingerprint FarmCam saw before; presented: the one the printer shows now.
    CertificateReviewDialog(const QString &printerName, const QString &pinned,
                            const QString &presented, QWidget *parent = nullptr);

    // After exec(): true when the user chose to trust the new certificate.
    bool trustChosen() const;

private:
    QPushButton *m_trustButton = nullptr;
};
