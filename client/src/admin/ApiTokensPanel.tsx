import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUnitNames } from '../directory/use-units.ts';
import { formatVietnamDateTime as when } from '../i18n/i18n.ts';
import { useSyncStatus } from '../shell/platform-context.ts';
import { ApiTokenForm } from './ApiTokenForm.tsx';
import { addApiTokenMessages } from './api-token-messages.ts';
import { type ApiTokenView, fetchTokens, revokeApiToken, sortTokens, tokenState } from './api-tokens-api.ts';
import './api-tokens.css';

addApiTokenMessages();

/**
 * The integration API's tokens for administrators (docs/operations.md "Integration API"): who each
 * acts as, its rights and units, when it was last used; a new token shown once with a copy button;
 * revocation after a confirmation. Read from the relay, never from the device: offline it says so.
 */
export function ApiTokensPanel() {
  const { t } = useTranslation();
  const online = useSyncStatus().connectivity !== 'offline';
  const [tokens, setTokens] = useState<ApiTokenView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<{ token: string; name: string } | null>(null);

  const load = useCallback(async () => {
    setError(null);
    try {
      setTokens(sortTokens(await fetchTokens()));
    } catch (e) {
      setError(t('apiTokens.failed', { reason: (e as Error).message }));
    }
  }, [t]);

  useEffect(() => {
    if (online) void load();
  }, [online, load]);

  if (!online) {
    return (
      <section className="admin-panel" data-testid="api-tokens-panel">
        <h2>{t('apiTokens.title')}</h2>
        <p className="notice" role="status">
          {t('apiTokens.offline')}
        </p>
      </section>
    );
  }

  return (
    <section className="admin-panel" data-testid="api-tokens-panel">
      <h2>{t('apiTokens.title')}</h2>
      <p className="muted">
        {t('apiTokens.intro')}{' '}
        <a href="/api/docs" target="_blank" rel="noreferrer">
          {t('apiTokens.docs')}
        </a>
      </p>
      {created && <CreatedToken token={created.token} name={created.name} onDone={() => setCreated(null)} />}
      {creating ? (
        <ApiTokenForm
          onCancel={() => setCreating(false)}
          onCreated={(made) => {
            setCreating(false);
            setCreated({ token: made.token, name: made.apiToken.name });
            void load();
          }}
        />
      ) : (
        <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
          {t('apiTokens.create')}
        </button>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {tokens === null && !error && <p className="muted">{t('apiTokens.loading')}</p>}
      {tokens?.length === 0 && <p className="muted">{t('apiTokens.empty')}</p>}
      {tokens && tokens.length > 0 && <TokenTable tokens={tokens} onRevoked={() => void load()} />}
    </section>
  );
}

/** The new token, this once: copy it now, it is never shown again. */
function CreatedToken({ token, name, onDone }: { token: string; name: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(token);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  };
  return (
    <section
      className="notice api-token-created"
      aria-label={t('apiTokens.created', { name })}
      data-testid="api-token-created"
    >
      <p>
        <strong>{t('apiTokens.created', { name })}</strong>
      </p>
      <p className="api-token-once">
        <strong>{t('apiTokens.onceOnly')}</strong>. {t('apiTokens.onceOnlyHint')}
      </p>
      <label>
        {t('apiTokens.tokenLabel')}
        <input
          className="api-token-secret"
          readOnly
          value={token}
          onFocus={(e) => e.target.select()}
          data-testid="api-token-secret"
        />
      </label>
      <div className="form-actions">
        <button type="button" className="button button-primary" onClick={() => void copy()}>
          {t('apiTokens.copy')}
        </button>
        <button type="button" className="button" onClick={onDone}>
          {t('apiTokens.done')}
        </button>
      </div>
      {copied && (
        <p className={copied === 'yes' ? 'muted' : 'field-error'} role="status">
          {copied === 'yes' ? t('apiTokens.copied') : t('apiTokens.copyFailed')}
        </p>
      )}
    </section>
  );
}

/** The tokens as a table on a desktop and cards on a phone (labels from data-label). */
function TokenTable({ tokens, onRevoked }: { tokens: readonly ApiTokenView[]; onRevoked: () => void }) {
  const { t } = useTranslation();
  const unitNames = useUnitNames();
  const [revoking, setRevoking] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const c = (key: string) => t(`apiTokens.columns.${key}`);

  const revoke = async (token: ApiTokenView) => {
    if (!globalThis.confirm(t('apiTokens.revokeConfirm', { name: token.name }))) return;
    setFailure(null);
    setRevoking(token.id);
    try {
      await revokeApiToken(token.id);
      onRevoked();
    } catch (e) {
      setFailure(t('apiTokens.revokeFailed', { reason: (e as Error).message }));
    } finally {
      setRevoking(null);
    }
  };

  return (
    <>
      {failure && (
        <p className="field-error" role="alert">
          {failure}
        </p>
      )}
      <table className="admin-table api-token-table" data-testid="api-tokens">
        <thead>
          <tr>
            <th scope="col">{c('name')}</th>
            <th scope="col">{c('acting')}</th>
            <th scope="col">{c('scopes')}</th>
            <th scope="col">{c('units')}</th>
            <th scope="col">{c('created')}</th>
            <th scope="col">{c('lastUsed')}</th>
            <th scope="col">{c('state')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('apiTokens.revoke')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {tokens.map((token) => {
            const state = tokenState(token);
            return (
              <tr
                key={token.id}
                data-testid="api-token"
                className={state === 'revoked' ? 'api-token-revoked' : undefined}
              >
                <td data-label={c('name')}>
                  {token.name}
                  <br />
                  <code className="muted">ts_{token.id}_…</code>
                </td>
                <td data-label={c('acting')}>
                  {token.acting
                    ? `${token.acting.fullName} (${token.acting.username})`
                    : t('apiTokens.unknownPerson', { id: token.actingId })}
                </td>
                <td data-label={c('scopes')}>
                  <ul className="api-token-list">
                    {token.scopes.map((s) => (
                      <li key={s}>{t(`apiTokens.scopes.${s}`)}</li>
                    ))}
                  </ul>
                </td>
                <td data-label={c('units')}>
                  <ul className="api-token-list">
                    {token.units.map((u) => (
                      <li key={u}>{unitNames.get(u) ?? u}</li>
                    ))}
                  </ul>
                </td>
                <td data-label={c('created')}>{when(token.createdAt)}</td>
                <td data-label={c('lastUsed')}>{token.lastUsedAt ? when(token.lastUsedAt) : t('apiTokens.never')}</td>
                <td data-label={c('state')}>
                  {t(`apiTokens.state.${state}`, { time: token.revokedAt ? when(token.revokedAt) : '' })}
                </td>
                <td>
                  {state !== 'revoked' && (
                    <button
                      type="button"
                      className="button"
                      disabled={revoking !== null}
                      onClick={() => void revoke(token)}
                    >
                      {revoking === token.id ? t('apiTokens.revoking') : t('apiTokens.revoke')}
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}
