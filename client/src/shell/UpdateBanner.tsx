import { useTranslation } from 'react-i18next';

export function UpdateBanner({ onApply, onLater }: { onApply: () => void; onLater: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="notice notice-update" role="alert">
      <span>{t('update.available')}</span>
      <button type="button" className="button button-primary" onClick={onApply}>
        {t('update.reload')}
      </button>
      <button type="button" className="link-button" onClick={onLater}>
        {t('update.later')}
      </button>
    </div>
  );
}
