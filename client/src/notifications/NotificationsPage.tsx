import './notifications.css';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { formatDateTime } from '../tasks/format.ts';
import type { AppNotification } from './notifications.ts';
import { useReadMarks } from './read-marks.ts';
import { useNotifications } from './use-notifications.ts';

function NotificationItem({ n, onOpen }: { n: AppNotification; onOpen: () => void }) {
  const { t } = useTranslation();
  const kind =
    n.kind === 'decided'
      ? t(`notifications.kinds.decided_${n.detail === 'approved' ? 'approved' : 'rejected'}`)
      : t(`notifications.kinds.${n.kind}`);
  return (
    <li className={`notification${n.read ? '' : ' is-unread'}`} data-testid="notification" data-kind={n.kind}>
      <Link href={n.href} onClick={onOpen}>
        <span className="notification-kind">
          {kind}
          {!n.read && <span className="visually-hidden"> ({t('notifications.unread')})</span>}
        </span>
        <span className="notification-title">{n.title}</span>
        <span className="notification-time">{formatDateTime(n.at)}</span>
      </Link>
    </li>
  );
}

/** The notification center: new assignments, urges, decisions, mentions and announcements. */
export function NotificationsPage() {
  const { t } = useTranslation();
  const marks = useReadMarks();
  const items = useNotifications(marks.reads);
  if (!items) return <p className="muted">{t('app.loading')}</p>;
  const unread = items.filter((n) => !n.read);
  // "Mark all read" covers every entry listed, even one stamped ahead of this device's clock.
  const markAllRead = () => marks.markAllRead(Math.max(Date.now(), ...unread.map((n) => n.at)));
  return (
    <section aria-labelledby="notifications-heading">
      <div className="notifications-head">
        <h1 id="notifications-heading">{t('notifications.title')}</h1>
        {unread.length > 0 && (
          <button type="button" className="link-button" onClick={markAllRead}>
            {t('notifications.markAllRead')}
          </button>
        )}
      </div>
      <p className="muted" data-testid="notifications-summary">
        {t('notifications.summary', { count: unread.length })}
      </p>
      {items.length === 0 ? (
        <p className="muted">{t('notifications.empty')}</p>
      ) : (
        <ul className="notification-list">
          {items.map((n) => (
            <NotificationItem key={n.id} n={n} onOpen={() => marks.markRead([n.id], Date.now())} />
          ))}
        </ul>
      )}
    </section>
  );
}
