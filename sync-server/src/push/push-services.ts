import type { SqliteDatabase } from '../storage/sqlite-database.ts';
import { DEFAULT_SUBJECT, newVapidKeys, PUSH_SERVICE_HOSTS, type PushOptions, validVapidKeys } from './push-config.ts';
import { PushStore, type RemindersDue } from './push-store.ts';
import { ReminderPusher, type VapidDetails } from './reminder-pusher.ts';

/** Web Push as the routes and the app see it (docs/design.md §16). */
export interface PushServices {
  readonly store: PushStore;
  /** Null when push is off: the key is not served and nothing is sent. */
  readonly vapid: VapidDetails | null;
  readonly pusher: ReminderPusher | null;
  readonly serviceHosts: readonly string[];
  readonly allowLoopbackHttp: boolean;
  readonly maxPerPerson: number;
}

/** Sets push up: the VAPID keys from the options, else those kept in the database, else new ones kept there. */
export async function setUpPush(
  db: SqliteDatabase,
  options: PushOptions,
  now: () => number,
  onError: (error: unknown) => void,
  dueFrom?: RemindersDue,
): Promise<PushServices> {
  const store = new PushStore(db, dueFrom);
  const common = {
    store,
    serviceHosts: options.serviceHosts ?? PUSH_SERVICE_HOSTS,
    allowLoopbackHttp: options.allowLoopbackHttp === true,
    maxPerPerson: options.maxPerPerson ?? 10,
  };
  if (options.enabled === false) return { ...common, vapid: null, pusher: null };
  if (options.vapidKeys && !validVapidKeys(options.vapidKeys)) {
    throw new Error(
      'VAPID_PUBLIC_KEY / VAPID_PRIVATE_KEY must be a P-256 key pair in base64url (web-push generate-vapid-keys)',
    );
  }
  const keys = options.vapidKeys ?? (await store.keys(newVapidKeys, now()));
  const subject = options.subject ?? DEFAULT_SUBJECT;
  if (!/^(mailto:|https:\/\/)/.test(subject)) throw new Error('VAPID_SUBJECT must be a mailto: or https: URL');
  const vapid: VapidDetails = { subject, publicKey: keys.publicKey, privateKey: keys.privateKey };
  const pusher = new ReminderPusher({ store, vapid, now, intervalMs: options.intervalMs ?? 15_000, onError });
  return { ...common, vapid, pusher };
}
