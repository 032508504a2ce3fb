import webpush from 'web-push';
import type { DueReminder, PushStore, PushSubscriptionRow } from './push-store.ts';

/**
 * How long a push service keeps a wake-up for a device that is off, and how late a reminder may
 * still be pushed: past that, the device rings it itself at the next start.
 */
export const PUSH_TTL_S = 60 * 60;
/** Wake-ups sent at once; the rest wait for a slot. */
const CONCURRENCY = 16;
/** Due reminders handled per round; the next round takes the rest. */
const BATCH = 1000;
/** Records of reminders no longer pending are dropped after this long. */
const KEEP_PUSHED_MS = 7 * 24 * 60 * 60 * 1000;

export interface VapidDetails {
  readonly subject: string;
  readonly publicKey: string;
  readonly privateKey: string;
}

/**
 * One content-free wake-up to one device: a Web Push message with no payload (RFC 8030) and a
 * VAPID signature (RFC 8292). `web-push` (the maintained reference implementation for Node:
 * VAPID JWTs, RFC 8291 encryption) builds the request; it is sent with `fetch` so the relay
 * chooses the timeout and never follows a redirect. Resolves with the push service's status.
 */
export async function sendWakeUp(subscription: PushSubscriptionRow, vapid: VapidDetails): Promise<number> {
  const details = webpush.generateRequestDetails(
    { endpoint: subscription.endpoint, keys: { p256dh: subscription.p256dh, auth: subscription.auth } },
    null,
    // One topic: a device that was off gets one wake-up for everything that fell due meanwhile.
    { vapidDetails: { ...vapid }, TTL: PUSH_TTL_S, urgency: 'high', topic: 'reminders' },
  );
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(details.headers)) {
    if (name.toLowerCase() !== 'content-length') headers[name] = String(value);
  }
  const response = await fetch(details.endpoint, {
    method: 'POST',
    headers,
    redirect: 'error',
    signal: AbortSignal.timeout(10_000),
  });
  await response.arrayBuffer().catch(() => undefined);
  return response.status;
}

export interface ReminderPusherOptions {
  readonly store: PushStore;
  readonly vapid: VapidDetails;
  readonly now: () => number;
  readonly intervalMs: number;
  readonly onError?: (error: unknown) => void;
}

/**
 * Wakes a person's devices when one of their reminders falls due (docs/design.md §16). The
 * relay knows only when (`reminder_due`, projected from the person's doc on each write), so the
 * push carries nothing: the service worker shows the reminder from the device's own store. Each
 * due time is pushed once: a snooze (a new due time) is pushed again, a reminder done is not.
 */
export class ReminderPusher {
  readonly #o: ReminderPusherOptions;
  #timer: NodeJS.Timeout | null = null;
  #round: Promise<number> | null = null;
  #lastCleanup = 0;

  constructor(options: ReminderPusherOptions) {
    this.#o = options;
  }

  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => void this.sendDue(), this.#o.intervalMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#round;
  }

  /** One round: pushes what fell due since the last, resolving with the wake-ups delivered. */
  sendDue(): Promise<number> {
    // Rounds never overlap: a slow push service must not get the same reminder twice.
    this.#round ??= this.#sendDue().finally(() => {
      this.#round = null;
    });
    return this.#round;
  }

  async #sendDue(): Promise<number> {
    const { store, now } = this.#o;
    const at = now();
    let due: DueReminder[];
    try {
      const found = await store.due(at, at - PUSH_TTL_S * 1000, BATCH);
      if (at - this.#lastCleanup > KEEP_PUSHED_MS / 7) {
        this.#lastCleanup = at;
        await store.forgetPushed(at - KEEP_PUSHED_MS);
      }
      if (found.length === 0) return 0;
      // Recorded before sending: at most once, even if the relay stops halfway, and by one node.
      due = await store.markPushed(found, at);
    } catch (error) {
      this.#o.onError?.(error);
      return 0;
    }
    const targets = [...new Set(due.map((d) => d.personId))].flatMap((p) => store.subscriptionsOf(p));
    let delivered = 0;
    for (let i = 0; i < targets.length; i += CONCURRENCY) {
      await Promise.all(
        targets.slice(i, i + CONCURRENCY).map(async (subscription) => {
          try {
            const status = await sendWakeUp(subscription, this.#o.vapid);
            // The browser dropped the subscription (unsubscribed, site data cleared): forget it.
            if (status === 404 || status === 410) await store.drop(subscription.endpoint);
            else if (status >= 200 && status < 300) delivered++;
            else this.#o.onError?.(new Error(`push service answered ${status}`));
          } catch (error) {
            this.#o.onError?.(error);
          }
        }),
      );
    }
    return delivered;
  }
}
