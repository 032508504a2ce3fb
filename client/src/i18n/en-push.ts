import type { viPush } from './vi-push.ts';

/** English strings of "Reminders when the app is closed" in Settings, under `settings.push`. */
export const enPush: typeof viPush = {
  title: 'Reminders when the app is closed',
  checking: 'Checking this device…',
  on: 'On this device, reminders ring even when the app is closed.',
  onDetail:
    "The server sends only a wake-up with no content, through the browser's push service; the reminder's text comes from this device.",
  openOnly: 'Reminders ring only while the app is open; missed ones ring when it is opened again.',
  reasons: {
    off: 'Not turned on for this device.',
    unsupported:
      'This browser cannot receive push notifications (Web Push). On iPhone and iPad: add the app to the Home Screen and open it from there.',
    blocked: "Notifications from the app are blocked in the browser's settings.",
    pushServiceUnreachable:
      "The browser's push service could not be reached — the network you are on may be blocking it.",
    serverOff: "The city's server has push notifications turned off.",
    serverUnreachable: 'Could not check: the server cannot be reached.',
    relayRefused: "The server did not accept this browser's push subscription.",
  },
  turnOn: 'Ring reminders when the app is closed',
  retry: 'Try again',
  turningOn: 'Turning on…',
  turnOff: 'Turn off',
  dueNotice: 'You have a reminder due',
};
