import './notifications.css';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { formatNumber } from '../i18n/i18n.ts';
import { useNotifications } from './use-notifications.ts';

/** The header's bell: the unread count of the notification center, derived on the device. */
export function NotificationBell() {
  const { t } = useTranslation();
  const unread = useNotifications()?.filter((n) => !n.read).length ?? 0;
  return (
    <Link
      href="/notifications"
      className="header-bell"
      aria-label={unread > 0 ? t('notifications.bellUnread', { count: unread }) : t('notifications.title')}
      data-testid="notification-bell"
    >
      <svg
        viewBox="0 0 24 24"
        width="24"
        height="24"
        aria-hidden="true"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.8"
        strokeLinecap="round"
        strokeLinejoin="round"
      >
        <path d="M6 16V11a6 6 0 0 1 12 0v5l2 2H4zM10 20a2 2 0 0 0 4 0" />
      </svg>
      {unread > 0 && (
        <span className="bell-count" data-testid="notification-count">
          {unread > 99 ? '99+' : formatNumber(unread)}
        </span>
      )}
    </Link>
  );
}
