import webpush from 'web-push';
import type { PushSubscriptionRow } from './push-store.ts';

/** How the relay pushes reminders while the app is closed (docs/design.md §16). */
export interface PushOptions {
  /** False turns push off: `GET /api/push/key` answers 404 and nothing is sent (env `PUSH=off`). */
  readonly enabled?: boolean;
  /** The VAPID key pair (env VAPID_PUBLIC_KEY / VAPID_PRIVATE_KEY); by default made on first start and kept in the database. */
  readonly vapidKeys?: { readonly publicKey: string; readonly privateKey: string };
  /** Whom push services may contact about our pushes (env VAPID_SUBJECT): `mailto:` or `https:`. */
  readonly subject?: string;
  /** Hosts (and their subdomains) a subscription's endpoint may name: the browsers' push services. */
  readonly serviceHosts?: readonly string[];
  /** Tests only: also accept `http://` endpoints on the loopback interface (a local stand-in push service). */
  readonly allowLoopbackHttp?: boolean;
  /** How often due reminders are looked for (default 15 s). */
  readonly intervalMs?: number;
  /** Subscriptions kept per person (default 10); a new device pushes out the one not seen for longest. */
  readonly maxPerPerson?: number;
}

/** The push services of Chrome/Edge/Opera/Samsung (FCM), Firefox, Safari (APNs) and legacy Edge (WNS). */
export const PUSH_SERVICE_HOSTS: readonly string[] = [
  'fcm.googleapis.com',
  'push.services.mozilla.com',
  'push.apple.com',
  'notify.windows.com',
];

export const DEFAULT_SUBJECT = 'mailto:quantri@thongsuot.invalid';
export const MAX_ENDPOINT_LENGTH = 1024;

/** A VAPID key pair: a P-256 public point (65 bytes, uncompressed) and private scalar (32), base64url. */
export function validVapidKeys(keys: { publicKey: string; privateKey: string }): boolean {
  return bytesOf(keys.publicKey, 65)?.[0] === 4 && bytesOf(keys.privateKey, 32) !== null;
}

export function newVapidKeys(): { publicKey: string; privateKey: string } {
  return webpush.generateVAPIDKeys();
}

/** The decoded bytes of a base64url string of exactly `length` bytes (padding allowed), else null. */
function bytesOf(text: unknown, length: number): Buffer | null {
  if (typeof text !== 'string' || !/^[A-Za-z0-9_-]+={0,2}$/.test(text) || text.length > 200) return null;
  const bytes = Buffer.from(text.replace(/=+$/, ''), 'base64url');
  return bytes.length === length ? bytes : null;
}

const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost']);

/**
 * A subscription as a browser's `PushSubscription.toJSON()` gives it, checked: an `https:`
 * endpoint on a known push service (the relay POSTs to it, so it must not reach anything else),
 * the client's P-256 key (65 bytes) and auth secret (16). Returns a message for the person, in
 * Vietnamese, when it is not acceptable.
 */
export function readSubscription(
  body: unknown,
  personId: string,
  options: Pick<PushOptions, 'serviceHosts' | 'allowLoopbackHttp'>,
): PushSubscriptionRow | { error: string } {
  const b = (body ?? {}) as { endpoint?: unknown; keys?: { p256dh?: unknown; auth?: unknown } };
  if (typeof b.endpoint !== 'string' || b.endpoint.length > MAX_ENDPOINT_LENGTH) {
    return { error: 'Địa chỉ nhận thông báo không hợp lệ.' };
  }
  let url: URL;
  try {
    url = new URL(b.endpoint);
  } catch {
    return { error: 'Địa chỉ nhận thông báo không hợp lệ.' };
  }
  const loopback = options.allowLoopbackHttp === true && LOOPBACK.has(url.hostname);
  if (
    url.username !== '' ||
    url.password !== '' ||
    (url.protocol !== 'https:' && !(loopback && url.protocol === 'http:'))
  ) {
    return { error: 'Địa chỉ nhận thông báo phải dùng https.' };
  }
  const hosts = options.serviceHosts ?? PUSH_SERVICE_HOSTS;
  if (!loopback && !hosts.some((h) => url.hostname === h || url.hostname.endsWith(`.${h}`))) {
    return { error: 'Địa chỉ này không thuộc dịch vụ thông báo của trình duyệt nào đã biết.' };
  }
  const p256dh = bytesOf(b.keys?.p256dh, 65);
  const auth = bytesOf(b.keys?.auth, 16);
  if (p256dh?.[0] !== 4 || !auth) return { error: 'Khóa của đăng ký nhận thông báo không hợp lệ.' };
  return { endpoint: b.endpoint, personId, p256dh: p256dh.toString('base64url'), auth: auth.toString('base64url') };
}
