/**
 * Shows a notification on the device: through the service worker where the person allowed
 * notifications (it shows even when the app is in the background, with a "remind me later"
 * action), or returns false so the app shows it inside instead.
 */
export interface DeviceNotice {
  readonly tag: string;
  readonly title: string;
  readonly body: string;
  /** Where a tap takes the person. */
  readonly url: string;
  readonly snoozable: boolean;
}

export const REMINDER_SNOOZE_MESSAGE = 'reminder-snooze';

/**
 * The notification of a reminder or an urge, the same from the page and from the service worker
 * woken by a push while the app is closed (pwa/sw-push.ts): one tag per reminder, so the two
 * never show it twice.
 */
export function deviceNotification(
  notice: DeviceNotice,
  snoozeLabel: string,
): NotificationOptions & { actions?: { action: string; title: string }[] } {
  return {
    body: notice.body,
    tag: notice.tag,
    data: { url: notice.url, reminderId: notice.snoozable ? notice.tag.replace(/^reminder:/, '') : null },
    icon: '/icons/icon-192.png',
    ...(notice.snoozable ? { actions: [{ action: 'snooze', title: snoozeLabel }] } : {}),
  };
}

export async function notifyDevice(notice: DeviceNotice, snoozeLabel: string): Promise<boolean> {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return false;
  const registration = await navigator.serviceWorker?.getRegistration();
  if (!registration) return false;
  try {
    await registration.showNotification(notice.title, deviceNotification(notice, snoozeLabel));
    return true;
  } catch {
    return false;
  }
}
