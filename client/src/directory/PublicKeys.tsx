import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { locale } from '../i18n/i18n.ts';
import { usePlatform } from '../shell/platform-context.ts';
import type { DirectoryOfficialRow } from '../store/local-db.ts';
import { createSigningKey, keyFingerprint, revokeSigningKey } from './directory-edits.ts';

/** The person's published signing keys (for verifying their approvals offline); one's own can be created here. */
export function PublicKeys({
  person,
  isMe,
  mayRevoke,
}: {
  person: DirectoryOfficialRow;
  isMe: boolean;
  /** The owner, or one of the unit's directory editors. */
  mayRevoke: boolean;
}) {
  const { t } = useTranslation();
  const platform = usePlatform();
  const [fingerprints, setFingerprints] = useState<Map<string, string>>(new Map());
  const [note, setNote] = useState<string | null>(null);
  const keys = person.keys ?? [];
  const spkis = keys.map((k) => `${k.keyId}:${k.spki}`).join(' ');
  useEffect(() => {
    let live = true;
    const pairs = spkis === '' ? [] : spkis.split(' ').map((pair) => pair.split(':') as [string, string]);
    void Promise.all(pairs.map(async ([keyId, spki]) => [keyId, await keyFingerprint(spki)] as const)).then((found) => {
      if (live && found.length > 0) setFingerprints(new Map(found));
    });
    return () => {
      live = false;
    };
  }, [spkis]);
  return (
    <section className="public-keys" aria-labelledby="keys-heading">
      <h2 id="keys-heading">{t('directory.keys')}</h2>
      {keys.length === 0 ? (
        <p className="muted">{t('directory.noKeys')}</p>
      ) : (
        <ul data-testid="public-keys">
          {keys.map((k) => (
            <li key={k.keyId}>
              {k.algorithm} · {new Date(k.at).toLocaleString(locale())}
              {k.revokedAt !== undefined && ` · ${t('directory.keyRevoked')}`}
              <br />
              <code>{t('directory.keyFingerprint', { fingerprint: fingerprints.get(k.keyId) ?? '…' })}</code>
              {mayRevoke && k.revokedAt === undefined && (
                <button
                  type="button"
                  className="button button-quiet"
                  data-testid="revoke-key"
                  onClick={async () => {
                    if (!globalThis.confirm(t('directory.revokeConfirm'))) return;
                    await revokeSigningKey(platform, person.unitId, person.id, k.keyId);
                    setNote(t('directory.keyRevokedNote'));
                  }}
                >
                  {t('directory.revokeKey')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {isMe && (
        <button
          type="button"
          className="button"
          onClick={async () => {
            const ok = await createSigningKey(platform);
            setNote(ok ? t('directory.keyCreated') : t('directory.keyUnsupported'));
          }}
        >
          {t('directory.createKey')}
        </button>
      )}
      {note && (
        <p className="muted" role="status">
          {note}
        </p>
      )}
    </section>
  );
}
