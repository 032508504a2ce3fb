import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { useUnitNames } from '../directory/use-units.ts';
import { usePlatform } from '../shell/platform-context.ts';
import { formatDateTime } from '../tasks/format.ts';
import { useOfficialNames } from '../tasks/use-official-names.ts';
import { SEEN_KEY } from './announcements.ts';
import { PublishForm } from './PublishForm.tsx';
import { useAnnouncementFeed } from './use-announcements.ts';
import './conversations.css';

/** Important news from the city office and the units' leaders; what is new since the last visit is marked. */
export function AnnouncementsPage() {
  const { t } = useTranslation();
  const { db } = usePlatform();
  const data = useAnnouncementFeed();
  const unitNames = useUnitNames();
  const names = useOfficialNames(data?.feed.map((a) => a.by) ?? []);
  // What was new when the page opened stays marked while it is open.
  const [newSince, setNewSince] = useState<number | null>(null);
  useEffect(() => {
    if (!data) return;
    if (newSince === null) setNewSince(data.seenAt);
    const latest = data.feed[0]?.at ?? 0;
    if (latest > data.seenAt) void db.setMeta(SEEN_KEY, latest);
  }, [data, db, newSince]);

  return (
    <section aria-labelledby="announcements-heading">
      <Link href="/" className="back-link">
        ← {t('chat.back')}
      </Link>
      <h1 id="announcements-heading">{t('bulletin.heading')}</h1>
      <PublishForm />
      {data?.feed.length === 0 && <p className="empty">{t('bulletin.empty')}</p>}
      <ul className="announcement-list" data-testid="announcements">
        {data?.feed.map((a) => {
          const isNew = newSince !== null && a.at > newSince && a.by !== data.reader.id;
          return (
            <li
              key={a.key}
              className={`announcement importance-${a.importance}`}
              data-testid="announcement"
              data-new={isNew}
            >
              <h2>
                {a.importance !== 'normal' && <span className="badge">{t(`bulletin.level.${a.importance}`)}</span>}{' '}
                {isNew && <span className="badge badge-new">{t('bulletin.new_')}</span>} {a.title}
              </h2>
              {a.body && <p className="announcement-body">{a.body}</p>}
              <p className="muted">
                {unitNames.get(a.unitId) ?? a.unitId} · {names.get(a.by) ?? a.by} · {formatDateTime(a.at)}
              </p>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
