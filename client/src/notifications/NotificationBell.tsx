import './notifications.css';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { formatNumber } from '../i18n/i18n.ts';
import { NavIcon } from '../shell/nav-icons.tsx';
import { useReadMarks } from './read-marks.ts';
import { useNotifications } from './use-notifications.ts';

/** The header's bell: the unread count of the notification center, derived on the device. */
export function NotificationBell() {
  const { t } = useTranslation();
  const { reads } = useReadMarks();
  const unread = useNotifications(reads)?.filter((n) => !n.read).length ?? 0;
  return (
    <Link
      href="/notifications"
      className="header-bell"
      aria-label={unread > 0 ? t('notifications.bellUnread', { count: unread }) : t('notifications.title')}
      data-testid="notification-bell"
    >
      <NavIcon name="bell" />
      {unread > 0 && (
        <span className="bell-count" data-testid="notification-count">
          {unread > 99 ? '99+' : formatNumber(unread)}
        </span>
      )}
    </Link>
  );
}
