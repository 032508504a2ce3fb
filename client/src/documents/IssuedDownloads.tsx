import type { Dossier } from '@thongsuot/shared/model/dossier';
import { vietnamDate } from '@thongsuot/shared/model/receipts';
import type { UnitPage } from '@thongsuot/shared/model/unit-page';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type * as Y from 'yjs';
import { fetchAttachment } from '../attachments/downloader.ts';
import { keyFingerprint } from '../directory/directory-edits.ts';
import { useUnitNames } from '../directory/use-units.ts';
import { usePlatform } from '../shell/platform-context.ts';
import { checkSignatures, signaturesFile, verificationCode } from './outgoing-verification.ts';

/** Whether this session has fetched the PDF's code and fonts already (IssuedDownloads). */
let pdfWarmed = false;

function save(name: string, type: string, content: Uint8Array | string): void {
  const part = typeof content === 'string' ? content : new Uint8Array(content);
  const url = URL.createObjectURL(new Blob([part], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * An issued document as a PDF (its number, date, signers and verification code) and its
 * signatures as JSON that `pnpm verify-document` checks — both made on the device, offline too.
 */
export function IssuedDownloads({
  doc,
  dossier,
  page,
  name,
}: {
  doc: Y.Doc;
  dossier: Dossier;
  page: UnitPage;
  name: (id: string) => string;
}) {
  const { t } = useTranslation();
  const units = useUnitNames();
  const { db } = usePlatform();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // While online, fetch the PDF's code and fonts once a session so that the service worker keeps them.
  useEffect(() => {
    if (pdfWarmed || globalThis.navigator?.onLine === false) return;
    pdfWarmed = true;
    void import('./issued-pdf.ts')
      .then((m) => m.warmPdfAssets())
      .catch(() => {
        pdfWarmed = false;
      });
  }, []);
  const code = verificationCode(dossier);
  const register = dossier.register;
  if (!register || !code) return null;
  const base = `${register.number}-${dossier.numberSymbol}`.replace(/[^A-Za-z0-9-]+/g, '-');

  async function pdf(): Promise<void> {
    if (!register || !code) return;
    setBusy(true);
    setError(null);
    try {
      const [{ issuedDocumentPdf }, verification] = await Promise.all([
        import('./issued-pdf.ts'),
        checkSignatures(doc, dossier, page.publicKeys),
      ]);
      const position = (id: string) => page.people.find((p) => p.id === id)?.position ?? '';
      const signers = await Promise.all(
        verification.signatures.map(async (s) => {
          const key = page.publicKeys.find((k) => k.personId === s.signer.personId && k.keyId === s.signer.keyId);
          return {
            name: name(s.signer.personId),
            position: position(s.signer.personId),
            role: s.step.role,
            at: s.at,
            receivedAt: s.receivedAt,
            keyFingerprint: key ? await keyFingerprint(key.spki) : s.signer.keyId,
            status: t(`outgoing.sigStatus.${s.status}`),
          };
        }),
      );
      const bytes = await issuedDocumentPdf({
        parentBody: null,
        issuingBody: dossier.issuingBody.toLocaleUpperCase('vi'),
        numberSymbol: `${register.number}/${dossier.numberSymbol}`,
        place: 'Thành phố Hồ Chí Minh',
        date: vietnamDate(register.at),
        docTypeLabel: t(`documents.docTypes.${dossier.docType}`).toLocaleUpperCase('vi'),
        summary: dossier.summary,
        body: dossier.body,
        recipients: dossier.recipients.map((id) => units.get(id) ?? id),
        signers,
        files: dossier.files.map((f) => ({ name: f.name, sha256: f.sha256 ?? '', size: f.size })),
        verificationCode: code,
        verifyHint: 'Kiểm tra chữ ký: pnpm verify-document <tệp chữ ký .json> (tải kèm văn bản này).',
        issuedAt: register.at,
      });
      save(`${base}.pdf`, 'application/pdf', bytes);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  async function signatures(): Promise<void> {
    setBusy(true);
    try {
      // The files' bytes go in when this device has them or can fetch them; otherwise the
      // verifier is told to pass the files beside the JSON.
      const bytes = new Map<string, Uint8Array>();
      for (const file of dossier.files) {
        const got = await fetchAttachment(db, file);
        if (got.ok && file.sha256) bytes.set(file.sha256, new Uint8Array(await got.data.arrayBuffer()));
      }
      const json = JSON.stringify(signaturesFile(doc, dossier, page.publicKeys, bytes), null, 2);
      save(`${base}-chu-ky.json`, 'application/json', json);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="issued-downloads" aria-label={t('outgoing.downloadPdf')}>
      <p className="task-meta">
        {t('outgoing.verificationCode')}: <strong data-testid="verification-code">{code}</strong>
      </p>
      <div className="button-row">
        <button type="button" className="button" disabled={busy} onClick={() => void pdf()} data-testid="download-pdf">
          {t('outgoing.downloadPdf')}
        </button>
        <button
          type="button"
          className="button"
          data-testid="download-signatures"
          disabled={busy}
          onClick={() => void signatures()}
        >
          {t('outgoing.downloadSignatures')}
        </button>
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
