/// <reference lib="webworker" />
import { deviceNotification } from '../reminders/notify.ts';
import { LOCAL_DB_PREFIX } from '../store/db-name.ts';
import type { ReminderRow } from '../store/local-db.ts';
import {
  deleteSubscription,
  fetchPushKey,
  keyBytes,
  NOTIFICATION_LABELS_KEY,
  type NotificationLabels,
  putSubscription,
} from './push-api.ts';

/**
 * Reminders while the app is closed (docs/design.md §16). The relay's push carries nothing: it
 * only wakes this worker when one of the person's reminders falls due. The worker reads the
 * reminders from the device's own IndexedDB (the app's Dexie database, with plain IndexedDB so
 * the worker stays small), shows those due and not yet rung, and marks them rung there the way
 * the page does (`firedFor`, reminders/ReminderScheduler.tsx), so the app does not ring them
 * again when it opens. Chrome needs a notification for every push: when the device knows of
 * nothing due (a reminder made on another device, not yet synced here), a plain one says so.
 */

const DEFAULT_LABELS: NotificationLabels = {
  title: 'Nhắc việc',
  snooze: 'Nhắc lại sau 10 phút',
  due: 'Bạn có nhắc việc đến hạn',
};
/** The relay's clock may run ahead of the device's. */
const CLOCK_SKEW_MS = 2 * 60_000;
/** Notifications one push may show; more missed reminders ring when the app opens. */
const MAX_SHOWN = 5;
/** How long after its due time a reminder this device already rang counts as the one pushed. */
const RECENT_MS = 60 * 60_000;

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** Opens an existing database as it is; never creates or upgrades one (that is Dexie's job). */
function openExisting(name: string): Promise<IDBDatabase | null> {
  return new Promise((resolve) => {
    const req = indexedDB.open(name);
    req.onupgradeneeded = () => req.transaction?.abort();
    req.onsuccess = () => {
      const db = req.result;
      db.onversionchange = () => db.close(); // the app is upgrading it: step aside
      resolve(db);
    };
    req.onerror = () => resolve(null);
    req.onblocked = () => resolve(null);
  });
}

async function personDatabases(): Promise<string[]> {
  const list = (await indexedDB.databases?.().catch(() => [])) ?? [];
  return list.flatMap((d) => (d.name?.startsWith(LOCAL_DB_PREFIX) ? [d.name] : []));
}

interface Found {
  readonly fresh: ReminderRow[];
  /** Due lately and already rung on this device (by an open tab, say). */
  readonly rung: ReminderRow[];
  readonly labels: NotificationLabels | null;
}

/** The due reminders of one person's database, marking those it returns as fresh rung. */
async function takeDue(db: IDBDatabase, now: number): Promise<Found> {
  if (!db.objectStoreNames.contains('reminders') || !db.objectStoreNames.contains('meta')) {
    return { fresh: [], rung: [], labels: null };
  }
  const tx = db.transaction(['reminders', 'meta'], 'readwrite');
  const reminders = tx.objectStore('reminders');
  const [rows, labels] = await Promise.all([
    request(reminders.getAll() as IDBRequest<ReminderRow[]>),
    request(tx.objectStore('meta').get(NOTIFICATION_LABELS_KEY) as IDBRequest<{ value?: NotificationLabels }>),
  ]);
  const due = rows.filter((r) => !r.done && r.dueAt <= now + CLOCK_SKEW_MS).sort((a, b) => b.dueAt - a.dueAt);
  const fresh = due.filter((r) => r.firedFor !== r.dueAt).slice(0, MAX_SHOWN);
  // In the same transaction as the read: the page's own marking cannot slip in between.
  for (const r of fresh) reminders.put({ ...r, firedFor: r.dueAt });
  await new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
  const rung = due.filter((r) => r.firedFor === r.dueAt && r.dueAt > now - RECENT_MS);
  return { fresh, rung, labels: labels?.value ?? null };
}

function reminderNotice(r: ReminderRow, labels: NotificationLabels) {
  const url = r.taskId ? `/tasks/${r.taskId}` : '/reminders';
  return deviceNotification(
    { tag: `reminder:${r.id}`, title: labels.title, body: r.text, url, snoozable: true },
    labels.snooze,
  );
}

export async function showDueReminders(sw: ServiceWorkerGlobalScope, now = Date.now()): Promise<void> {
  const fresh: ReminderRow[] = [];
  const rung: ReminderRow[] = [];
  let labels = DEFAULT_LABELS;
  for (const name of await personDatabases()) {
    const db = await openExisting(name);
    if (!db) continue;
    try {
      const found = await takeDue(db, now);
      fresh.push(...found.fresh);
      rung.push(...found.rung);
      labels = found.labels ?? labels;
    } catch {
      // Unreadable (being deleted at sign-out, say): the plain notification below covers it.
    } finally {
      db.close();
    }
  }
  for (const r of fresh.slice(0, MAX_SHOWN))
    await sw.registration.showNotification(labels.title, reminderNotice(r, labels));
  if (fresh.length > 0) return;
  const pages = await sw.clients.matchAll({ type: 'window', includeUncontrolled: true });
  // The app on screen rings its reminders itself (and Chrome asks for no notification then).
  if (pages.some((p) => p.visibilityState === 'visible')) return;
  const latest = rung[0];
  if (latest) {
    // Rung already by a tab in the background: shown again in place, without a sound.
    await sw.registration.showNotification(labels.title, { ...reminderNotice(latest, labels), silent: true });
    return;
  }
  await sw.registration.showNotification(labels.due, {
    tag: 'reminders-due',
    data: { url: '/reminders', reminderId: null },
    icon: '/icons/icon-192.png',
  });
}

/** The browser replaced this device's subscription: subscribe again and tell the relay (with the session cookie). */
export async function renewSubscription(sw: ServiceWorkerGlobalScope, old: PushSubscription | null): Promise<void> {
  if (old) await deleteSubscription(old.endpoint).catch(() => undefined);
  const key = await fetchPushKey();
  if (!key) return;
  const subscription = await sw.registration.pushManager.subscribe({
    userVisibleOnly: true,
    applicationServerKey: keyBytes(key),
  });
  await putSubscription(subscription);
}
