/**
 * The relay's push routes (sync-server/src/plugins/push-routes.ts), for the page and the
 * service worker alike: the relay's public VAPID key and this device's subscription.
 */

/** The meta row where the page leaves the notification's words in the person's language, for the service worker. */
export const NOTIFICATION_LABELS_KEY = 'notificationLabels';
export interface NotificationLabels {
  readonly title: string;
  readonly snooze: string;
  /** The plain notification when nothing due is known on the device. */
  readonly due: string;
}

/** The relay's public key; null when the relay has push turned off (404). Throws when unreachable. */
export async function fetchPushKey(): Promise<string | null> {
  const response = await fetch('/api/push/key', { credentials: 'same-origin' });
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(`push key: ${response.status}`);
  return ((await response.json()) as { publicKey: string }).publicKey;
}

export type PutResult = 'stored' | 'taken' | 'off' | 'failed';

/** Gives the relay this device's subscription (again: endpoints rotate). */
export async function putSubscription(subscription: PushSubscription): Promise<PutResult> {
  const response = await fetch('/api/push/subscription', {
    method: 'PUT',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(subscription.toJSON()),
  });
  if (response.ok) return 'stored';
  if (response.status === 409) return 'taken';
  if (response.status === 404) return 'off';
  return 'failed';
}

export async function deleteSubscription(endpoint: string): Promise<void> {
  await fetch('/api/push/subscription', {
    method: 'DELETE',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ endpoint }),
  });
}

/** A base64url key as the bytes `PushManager.subscribe` takes. */
export function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64url.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** Whether a subscription was made for this key (a relay with new keys needs a new one). */
export function madeFor(subscription: PushSubscription, key: string): boolean {
  const own = subscription.options?.applicationServerKey;
  if (!own) return true; // not told: assume so; the push service refuses it otherwise
  const a = new Uint8Array(own);
  const b = keyBytes(key);
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
