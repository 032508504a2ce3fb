import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';

/** Incoming | outgoing: the two registers of the unit. */
export function DocumentTabs({ current }: { current: 'incoming' | 'outgoing' }) {
  const { t } = useTranslation();
  return (
    <nav className="tabs document-tabs" aria-label={t('nav.documents')}>
      {(['incoming', 'outgoing'] as const).map((kind) => (
        <Link
          key={kind}
          href={kind === 'incoming' ? '/' : '/outgoing'}
          className={`tab${current === kind ? ' tab-on' : ''}`}
          aria-current={current === kind ? 'page' : undefined}
          data-testid={`documents-${kind}`}
        >
          {t(`outgoing.${kind}`)}
        </Link>
      ))}
    </nav>
  );
}
