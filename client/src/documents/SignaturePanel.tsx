import type { Dossier } from '@thongsuot/shared/model/dossier';
import type { PublicKey } from '@thongsuot/shared/model/public-key';
import type { DossierVerification } from '@thongsuot/shared/signing/verify';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type * as Y from 'yjs';
import { formatDateTime } from '../tasks/format.ts';
import { checkSignatures } from './outgoing-verification.ts';

/**
 * Who signed what and when, checked on this device against the keys as they were (offline too):
 * a change after a signature shows at once as "changed after signing".
 */
export function SignaturePanel({
  doc,
  dossier,
  keys,
  name,
}: {
  doc: Y.Doc;
  dossier: Dossier;
  keys: readonly PublicKey[] | null;
  name: (id: string) => string;
}) {
  const { t } = useTranslation();
  const [result, setResult] = useState<DossierVerification | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  useEffect(() => {
    if (!keys) return;
    let live = true;
    checkSignatures(doc, dossier, keys)
      .then((r) => live && setResult(r))
      .catch((e: unknown) => live && setFailed(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, [doc, dossier, keys]);
  return (
    <section aria-labelledby="signatures-heading" className="signature-panel" data-testid="signatures">
      <h2 id="signatures-heading">{t('outgoing.signatures')}</h2>
      {failed ? (
        <p className="field-error">{failed}</p>
      ) : !result ? (
        <p className="muted">{t('outgoing.checking')}</p>
      ) : (
        <>
          <p className={`verdict verdict-${result.verdict}`} data-testid="verdict">
            {t(`outgoing.verdict.${result.verdict}`)}
          </p>
          <ul className="signature-list">
            {result.signatures.map((s) => (
              <li key={s.canonicalSha256} data-testid="signature">
                <span>
                  <strong>{name(s.signer.personId)}</strong> · {t(`outgoing.roles.${s.step.role}`)}
                </span>
                <span className={`sig-status sig-${s.status}`}>{t(`outgoing.sigStatus.${s.status}`)}</span>
                <span className="task-meta">
                  {t('outgoing.signedAt', { time: formatDateTime(s.at) })} ·{' '}
                  {s.receivedAt === null
                    ? t('outgoing.notReceived')
                    : t('outgoing.receivedAt', { time: formatDateTime(s.receivedAt) })}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
