import { useLiveQuery } from 'dexie-react-hooks';
import './conversations.css';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { notifyDevice } from '../reminders/notify.ts';
import { usePlatform } from '../shell/platform-context.ts';
import { useOfficialNames } from '../tasks/use-official-names.ts';
import { useAnnouncementFeed } from './use-announcements.ts';

/** News up to this time has been notified (system) or dismissed (in the app) on this device. */
const HANDLED_KEY = 'newsHandledUpTo';

interface News {
  readonly key: string;
  readonly at: number;
  readonly title: string;
  readonly body: string;
  readonly url: string;
}

function allowed(): boolean {
  return typeof Notification !== 'undefined' && Notification.permission === 'granted';
}

/**
 * New messages and announcements: a system notification where the person has allowed them;
 * otherwise a notice inside the app that stays (across reloads) until read or dismissed.
 * Nothing from before this device first ran it.
 */
export function NewsNotifier() {
  const { t } = useTranslation();
  const { db, user } = usePlatform();
  const [path] = useLocation();
  const since = useLiveQuery(async () => (await db.getMeta<number>(HANDLED_KEY)) ?? null, [db]);
  const rows = useLiveQuery(() => db.conversations.where('memberIds').equals(user.id).toArray(), [user.id]);
  const feed = useAnnouncementFeed();
  const names = useOfficialNames(rows?.map((r) => r.lastBy) ?? []);

  useEffect(() => {
    if (since === null) void db.setMeta(HANDLED_KEY, Date.now());
  }, [since, db]);

  const news: News[] = [];
  if (typeof since === 'number' && rows && feed) {
    // In the conversations the list and the view show them already.
    for (const row of path.startsWith('/conversations') ? [] : rows) {
      // Nobody is told of their own message (an urge they just sent, from another of their devices).
      if ((row.unread[user.id] ?? 0) === 0 || row.lastAt <= since || row.lastBy === user.id) continue;
      const id = row.docId.slice('conv/'.length);
      const title = t('news.message', { name: names.get(row.lastBy) ?? row.lastBy });
      news.push({ key: `conv:${id}`, at: row.lastAt, title, body: row.lastText, url: `/conversations/${id}` });
    }
    for (const a of path === '/conversations/announcements' ? [] : feed.unseen) {
      if (a.at <= since) continue;
      news.push({
        key: `bulletin:${a.key}`,
        at: a.at,
        title: t('news.announcement', { title: a.title }),
        body: a.body,
        url: '/conversations/announcements',
      });
    }
  }
  const latest = Math.max(0, ...news.map((n) => n.at));
  const system = allowed();

  // biome-ignore lint/correctness/useExhaustiveDependencies: notified once per newest item
  useEffect(() => {
    if (!system || latest === 0) return;
    void (async () => {
      for (const item of news) {
        await notifyDevice({ tag: item.key, title: item.title, body: item.body, url: item.url, snoozable: false }, '');
      }
      await db.setMeta(HANDLED_KEY, latest);
    })();
  }, [system, latest, db]);

  if (system || news.length === 0) return null;
  const dismiss = (): void => void db.setMeta(HANDLED_KEY, latest);
  return (
    <div className="news-notices" role="status">
      {news.slice(0, 3).map((item) => (
        <p key={item.key} className="news-notice" data-testid="news-notice">
          <Link href={`~${item.url}`}>
            <strong>{item.title}</strong> {item.body}
          </Link>
          <button type="button" className="link-button news-dismiss" onClick={dismiss}>
            {t('news.dismiss')}
          </button>
        </p>
      ))}
    </div>
  );
}
