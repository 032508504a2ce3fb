import { updateReminder } from '@thongsuot/shared/model/reminder';
import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { inboxRange, timeKey } from '../inbox/inbox-keys.ts';
import { NavIcon } from '../shell/nav-icons.tsx';
import { usePlatform } from '../shell/platform-context.ts';
import type { ReminderRow, TaskRow } from '../store/local-db.ts';
import { notifyDevice, REMINDER_SNOOZE_MESSAGE } from './notify.ts';
import { dueNow, nextDueAt, SNOOZE_MS, timerDelay } from './reminder-schedule.ts';
import { openUserDoc } from './use-user-doc.ts';
import '../tasks/tasks.css';

const URGES_SEEN_KEY = 'urgesSeenAt';

interface Ringing {
  readonly key: string;
  readonly text: string;
  readonly url: string;
  readonly reminderId: string | null;
}

/**
 * Fires personal reminders on this device at their time, with no network needed: the reminders
 * are in IndexedDB (projected from the person's user doc), a timer waits for the next one. With
 * notifications allowed they show through the service worker; in any case they ring inside the
 * app until dismissed, done or snoozed. Urges from an issuer ring the same way when they arrive.
 */
export function ReminderScheduler({ now = Date.now }: { now?: () => number }) {
  const { t } = useTranslation();
  const { db, user, repository } = usePlatform();
  const [tick, setTick] = useState(0);
  const [ringing, setRinging] = useState<Ringing[]>([]);
  const reminders = useLiveQuery(() => db.reminders.toArray(), []);
  const urged = useLiveQuery(async () => {
    const seen = (await db.getMeta<number>(URGES_SEEN_KEY)) ?? 0;
    const rows: { row: TaskRow; at: number }[] = [];
    for (const who of [user.id, user.unitId]) {
      const [lower, upper] = inboxRange(who, 'urged');
      const from = `${lower}${timeKey(seen + 1)}`;
      for (const row of await db.tasks.where('inboxKeys').between(from, upper, true, true).toArray()) {
        const at = Math.max(
          ...(row.inboxKeys ?? []).filter((k) => k.startsWith(lower)).map((k) => Number(k.slice(lower.length))),
        );
        rows.push({ row, at });
      }
    }
    return rows;
  }, [user.id, user.unitId]);

  const ring = useCallback(
    async (item: Ringing, title: string) => {
      setRinging((list) => (list.some((r) => r.key === item.key) ? list : [...list, item]));
      await notifyDevice(
        { tag: item.key, title, body: item.text, url: item.url, snoozable: item.reminderId !== null },
        t('reminders.snooze'),
      );
    },
    [t],
  );

  // Personal reminders: fire what is due, then wait for the next one.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `tick` re-runs it when a timer fires
  useEffect(() => {
    if (!reminders) return;
    const at = now();
    for (const r of dueNow(reminders, at)) {
      void db.reminders.update(r.id, { firedFor: r.dueAt });
      void ring(reminderItem(r), t('reminders.notificationTitle'));
    }
    const next = nextDueAt(reminders, at);
    if (next === null) return;
    const timer = setTimeout(() => setTick((n) => n + 1), timerDelay(next, at));
    return () => clearTimeout(timer);
  }, [reminders, tick, db, ring, now, t]);

  // Urges that arrived since last seen.
  useEffect(() => {
    if (!urged || urged.length === 0) return;
    let latest = 0;
    for (const { row, at } of urged) {
      latest = Math.max(latest, at);
      void ring(
        { key: `urge:${row.docId}:${at}`, text: row.title, url: `/tasks/${row.docId.slice(5)}`, reminderId: null },
        t('reminders.urgedTitle'),
      );
    }
    void db.setMeta(URGES_SEEN_KEY, latest);
  }, [urged, db, ring, t]);

  const snooze = useCallback(
    async (reminderId: string) => {
      const doc = await openUserDoc(await repository(), user.id);
      updateReminder(doc, reminderId, { dueAt: now() + SNOOZE_MS });
      setRinging((list) => list.filter((r) => r.reminderId !== reminderId));
    },
    [repository, user.id, now],
  );
  const done = useCallback(
    async (reminderId: string) => {
      const doc = await openUserDoc(await repository(), user.id);
      updateReminder(doc, reminderId, { done: true });
      setRinging((list) => list.filter((r) => r.reminderId !== reminderId));
    },
    [repository, user.id],
  );

  // "Remind me later" tapped on a notification: the service worker passes it on.
  useEffect(() => {
    const onMessage = (event: MessageEvent): void => {
      const data = event.data as { type?: string; reminderId?: string } | null;
      if (data?.type === REMINDER_SNOOZE_MESSAGE && data.reminderId) void snooze(data.reminderId);
    };
    navigator.serviceWorker?.addEventListener('message', onMessage);
    return () => navigator.serviceWorker?.removeEventListener('message', onMessage);
  }, [snooze]);

  if (ringing.length === 0) return null;
  return (
    <div className="ringing" role="alert" data-testid="ringing">
      {ringing.map((r) => (
        <div key={r.key} className="ringing-item">
          <span className="ringing-icon">
            <NavIcon name="bell" />
          </span>
          <Link href={r.url} className="ringing-text" onClick={() => dismiss(r.key)}>
            {r.reminderId ? t('reminders.notificationTitle') : t('reminders.urgedTitle')}: {r.text}
          </Link>
          <span className="row-actions">
            {r.reminderId && (
              <>
                <button type="button" className="button" onClick={() => void snooze(r.reminderId ?? '')}>
                  {t('reminders.snooze')}
                </button>
                <button type="button" className="button" onClick={() => void done(r.reminderId ?? '')}>
                  {t('reminders.done')}
                </button>
              </>
            )}
            <button type="button" className="link-button" onClick={() => dismiss(r.key)}>
              {t('sync.dismiss')}
            </button>
          </span>
        </div>
      ))}
    </div>
  );

  function dismiss(key: string): void {
    setRinging((list) => list.filter((r) => r.key !== key));
  }
}

function reminderItem(r: ReminderRow): Ringing {
  return {
    key: `reminder:${r.id}`,
    text: r.text,
    url: r.taskId ? `/tasks/${r.taskId}` : '/reminders',
    reminderId: r.id,
  };
}
