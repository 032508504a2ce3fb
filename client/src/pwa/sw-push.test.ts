import { afterEach, describe, expect, it } from 'vitest';
import { dueNow } from '../reminders/reminder-schedule.ts';
import { LocalDb, type ReminderRow } from '../store/local-db.ts';
import { NOTIFICATION_LABELS_KEY } from './push-api.ts';
import { showDueReminders } from './sw-push.ts';

/**
 * The service worker woken by a content-free push (docs/design.md §16), over a real IndexedDB
 * (fake-indexeddb) written by the app's own Dexie database: it shows what is due from there,
 * and marks it rung so the app, opened later, does not ring it again.
 */
const NOW = 1_800_000_000_000;
let db: LocalDb | null = null;

interface Shown {
  readonly title: string;
  readonly options: NotificationOptions & { actions?: { action: string; title: string }[] };
}

function worker(pages: { visibilityState: string }[] = []) {
  const shown: Shown[] = [];
  const sw = {
    registration: {
      showNotification: async (title: string, options: Shown['options']) => {
        shown.push({ title, options });
      },
    },
    clients: { matchAll: async () => pages },
  };
  return { sw: sw as unknown as ServiceWorkerGlobalScope, shown };
}

const row = (id: string, dueAt: number, extra: Partial<ReminderRow> = {}): ReminderRow => ({
  id,
  text: `Nhắc ${id}`,
  dueAt,
  done: false,
  ...extra,
});

afterEach(async () => {
  db?.close();
  if (db) await db.delete();
  db = null;
});

describe('a push while the app is closed', () => {
  it('shows the reminders due and not yet rung, as the app would, and marks them rung for it', async () => {
    db = new LocalDb('u-push');
    await db.reminders.bulkPut([
      row('due', NOW - 1_000, { taskId: 't1' }),
      row('later', NOW + 3_600_000),
      row('done', NOW - 1_000, { done: true }),
      row('rang', NOW - 120_000, { firedFor: NOW - 120_000 }),
    ]);
    await db.setMeta(NOTIFICATION_LABELS_KEY, { title: 'Reminder', snooze: 'Remind me in 10 minutes', due: 'Due' });
    const { sw, shown } = worker();
    await showDueReminders(sw, NOW);
    expect(shown).toEqual([
      {
        title: 'Reminder',
        options: {
          body: 'Nhắc due',
          tag: 'reminder:due',
          data: { url: '/tasks/t1', reminderId: 'due' },
          icon: '/icons/icon-192.png',
          actions: [{ action: 'snooze', title: 'Remind me in 10 minutes' }],
        },
      },
    ]);
    // The app, opening now, finds nothing left to ring.
    const rows = await db.reminders.toArray();
    expect(rows.find((r) => r.id === 'due')?.firedFor).toBe(NOW - 1_000);
    expect(dueNow(rows, NOW + 1)).toEqual([]);
  });

  it('rings a snoozed reminder again at its new time', async () => {
    db = new LocalDb('u-push');
    await db.reminders.put(row('r', NOW - 1_000, { firedFor: NOW - 700_000 }));
    const { sw, shown } = worker();
    await showDueReminders(sw, NOW);
    expect(shown.map((s) => s.options.tag)).toEqual(['reminder:r']);
  });

  it('with nothing new: silent while the app is on screen, else the rung one again without sound, else a plain notice', async () => {
    db = new LocalDb('u-push');
    await db.reminders.put(row('rang', NOW - 5_000, { firedFor: NOW - 5_000 }));

    const onScreen = worker([{ visibilityState: 'visible' }]);
    await showDueReminders(onScreen.sw, NOW);
    expect(onScreen.shown).toEqual([]);

    const background = worker([{ visibilityState: 'hidden' }]);
    await showDueReminders(background.sw, NOW);
    expect(background.shown).toHaveLength(1);
    expect(background.shown[0]?.options).toMatchObject({ tag: 'reminder:rang', silent: true });

    // Nothing on this device (a reminder made elsewhere, not synced yet): Chrome still needs a notification.
    db.close();
    await db.delete();
    db = null;
    const empty = worker();
    await showDueReminders(empty.sw, NOW);
    expect(empty.shown).toEqual([
      {
        title: 'Bạn có nhắc việc đến hạn',
        options: { tag: 'reminders-due', data: { url: '/reminders', reminderId: null }, icon: '/icons/icon-192.png' },
      },
    ]);
  });
});
