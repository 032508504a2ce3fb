import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { locale } from '../i18n/i18n.ts';

function download(codes: readonly string[], header: string): void {
  const text = `${header}\r\n\r\n${codes.join('\r\n')}\r\n`;
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = 'thongsuot-ma-khoi-phuc.txt';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * The 10 recovery codes, shown this once (the relay keeps only their hashes): a .txt download,
 * and "Done" only after the person says they saved them.
 */
export function RecoveryCodes({
  codes,
  username,
  onDone,
}: {
  codes: readonly string[];
  username: string;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [saved, setSaved] = useState(false);
  const when = new Intl.DateTimeFormat(locale(), { dateStyle: 'short', timeStyle: 'short' }).format(new Date());
  return (
    <div className="form">
      <h3>{t('security.recoveryTitle')}</h3>
      <p>{t('security.recoveryShownOnce')}</p>
      <ol className="recovery-codes" data-testid="recovery-codes">
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ol>
      <div className="button-row">
        <button
          type="button"
          className="button"
          onClick={() => download(codes, t('security.fileHeader', { username, when }))}
        >
          {t('security.download')}
        </button>
      </div>
      <label className="checkbox-label">
        <input type="checkbox" checked={saved} onChange={(e) => setSaved(e.target.checked)} />
        {t('security.saved')}
      </label>
      <button type="button" className="button button-primary" disabled={!saved} onClick={onDone}>
        {t('security.done')}
      </button>
    </div>
  );
}
