import i18next from 'i18next';
import { addPushMessages } from '../i18n/push-messages.ts';
import type { PushFacts } from '../settings/push-state.ts';
import type { LocalDb } from '../store/local-db.ts';
import {
  deleteSubscription,
  fetchPushKey,
  keyBytes,
  madeFor,
  NOTIFICATION_LABELS_KEY,
  type NotificationLabels,
  putSubscription,
} from './push-api.ts';

/**
 * This device's Web Push subscription, from the page (docs/design.md §16): turned on in
 * Settings, given to the relay again at each start (endpoints rotate), removed at sign-out.
 * Loaded on demand: nothing of it is in the first screen's script.
 */

addPushMessages();

/** The endpoint the relay last said it stored, and why the last try to turn it on failed. */
const REGISTERED_KEY = 'thongsuot.push.endpoint';
const FAILED_KEY = 'thongsuot.push.failed';
/** A push service that does not answer (a network that drops its traffic) is given up on after this. */
const SUBSCRIBE_TIMEOUT_MS = 20_000;

export function pushSupported(): boolean {
  return (
    typeof navigator !== 'undefined' &&
    'serviceWorker' in navigator &&
    typeof PushManager !== 'undefined' &&
    typeof Notification !== 'undefined'
  );
}

function permission(): NotificationPermission {
  return typeof Notification === 'undefined' ? 'denied' : Notification.permission;
}

async function registration(): Promise<ServiceWorkerRegistration | null> {
  return (await navigator.serviceWorker.getRegistration().catch(() => undefined)) ?? null;
}

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out')), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

const registeredEndpoint = (): string | null => localStorage.getItem(REGISTERED_KEY);

/** The words of the service worker's notifications, in the person's language now. */
async function leaveLabels(db: LocalDb): Promise<void> {
  const labels: NotificationLabels = {
    title: i18next.t('reminders.notificationTitle'),
    snooze: i18next.t('reminders.snooze'),
    due: i18next.t('settings.push.dueNotice'),
  };
  await db.setMeta(NOTIFICATION_LABELS_KEY, labels).catch(() => undefined);
}

class RelayRefused extends Error {}

async function subscribe(reg: ServiceWorkerRegistration, key: string): Promise<PushSubscription> {
  return within(
    reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(key) }),
    SUBSCRIBE_TIMEOUT_MS,
  );
}

/**
 * Gives the relay this subscription, replacing it first when it was made for other keys or the
 * relay holds its endpoint for another person (someone else used this browser before).
 */
async function register(reg: ServiceWorkerRegistration, current: PushSubscription, key: string): Promise<boolean> {
  let subscription = current;
  if (!madeFor(subscription, key)) {
    await subscription.unsubscribe();
    subscription = await subscribe(reg, key);
  }
  let result = await putSubscription(subscription);
  if (result === 'taken') {
    await subscription.unsubscribe();
    subscription = await subscribe(reg, key);
    result = await putSubscription(subscription);
  }
  if (result === 'failed') throw new RelayRefused();
  if (result !== 'stored') return false;
  localStorage.setItem(REGISTERED_KEY, subscription.endpoint);
  localStorage.removeItem(FAILED_KEY);
  return true;
}

/** What Settings states, after checking with the relay and renewing this device's subscription there. */
export async function readPushFacts(): Promise<PushFacts> {
  const failed = localStorage.getItem(FAILED_KEY);
  const failure: PushFacts['failure'] = failed === 'pushService' || failed === 'relay' ? failed : null;
  const base = { permission: permission(), failure };
  const reg = pushSupported() ? await registration() : null;
  if (!reg) return { ...base, supported: false, serverKey: undefined, registered: false };
  const serverKey = await fetchPushKey().catch(() => 'unreachable' as const);
  const subscription = await reg.pushManager.getSubscription().catch(() => null);
  let registered = subscription !== null && subscription.endpoint === registeredEndpoint();
  if (subscription && typeof serverKey === 'string' && base.permission === 'granted') {
    registered = await register(reg, subscription, serverKey).catch(() => registered);
  }
  return { ...base, supported: true, serverKey, registered };
}

/** Asks for notifications, subscribes at the browser's push service and gives the relay the subscription. */
export async function turnPushOn(db: LocalDb): Promise<PushFacts> {
  if (pushSupported() && permission() === 'default') await Notification.requestPermission();
  const reg = pushSupported() ? await registration() : null;
  if (reg && permission() === 'granted') {
    const key = await fetchPushKey().catch(() => null);
    if (key) {
      try {
        const existing = await reg.pushManager.getSubscription();
        await register(reg, existing ?? (await subscribe(reg, key)), key);
        await leaveLabels(db);
      } catch (error) {
        // The relay refused it, or the push service could not be reached (a network that blocks
        // it; a browser without one).
        localStorage.setItem(FAILED_KEY, error instanceof RelayRefused ? 'relay' : 'pushService');
      }
    }
  }
  return readPushFacts();
}

/** Stops pushes to this device: the relay forgets the subscription and the browser drops it. */
export async function turnPushOff(): Promise<PushFacts> {
  await forgetPushSubscription();
  return readPushFacts();
}

/** At start, once signed in: the subscription given to the relay again, if this device has one. */
export async function refreshPushSubscription(db: LocalDb): Promise<void> {
  if (!pushSupported() || permission() !== 'granted') return;
  const reg = await registration();
  const subscription = await reg?.pushManager.getSubscription().catch(() => null);
  if (!reg || !subscription) return;
  const key = await fetchPushKey().catch(() => null);
  if (!key) return;
  await register(reg, subscription, key).catch(() => false);
  await leaveLabels(db);
}

/** At sign-out (before the session ends) and when turned off: nothing is pushed here for this person again. */
export async function forgetPushSubscription(): Promise<void> {
  localStorage.removeItem(REGISTERED_KEY);
  localStorage.removeItem(FAILED_KEY);
  if (!pushSupported()) return;
  const subscription = await (await registration())?.pushManager.getSubscription().catch(() => null);
  if (!subscription) return;
  // Offline the relay keeps it until the push service reports it gone (410) at the next push.
  await within(deleteSubscription(subscription.endpoint), 5_000).catch(() => undefined);
  await subscription.unsubscribe().catch(() => false);
}
