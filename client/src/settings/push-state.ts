/**
 * What Settings says about reminders while the app is closed, on this device (docs/design.md
 * §16): they ring then only when this browser has a push subscription the relay has stored;
 * otherwise the reason, and that reminders ring only while the app is open.
 */
export interface PushFacts {
  /** A service worker, the Push API and notifications: what Web Push needs of the browser. */
  readonly supported: boolean;
  readonly permission: NotificationPermission;
  /** The relay's public key; null: the relay has push turned off; 'unreachable'; undefined while asking. */
  readonly serverKey: string | null | 'unreachable' | undefined;
  /** This browser's subscription is one the relay said it stored. */
  readonly registered: boolean;
  /**
   * Why the last try to turn it on failed: the browser's push service could not be reached (a
   * network that blocks it, a browser without one), or the relay refused the subscription.
   */
  readonly failure: 'pushService' | 'relay' | null;
}

export type PushStateKind =
  | 'checking'
  | 'on'
  | 'off'
  | 'unsupported'
  | 'blocked'
  | 'pushServiceUnreachable'
  | 'relayRefused'
  | 'serverOff'
  | 'serverUnreachable';

export interface PushState {
  readonly kind: PushStateKind;
  /** Whether a reminder rings on this device with the app closed. */
  readonly ringsWhenClosed: boolean;
  readonly canTurnOn: boolean;
  readonly canTurnOff: boolean;
}

const state = (kind: PushStateKind, buttons: { on?: boolean; off?: boolean } = {}): PushState => ({
  kind,
  ringsWhenClosed: kind === 'on',
  canTurnOn: buttons.on === true,
  canTurnOff: buttons.off === true,
});

export function pushState(f: PushFacts): PushState {
  if (!f.supported) return state('unsupported');
  if (f.permission === 'denied') return state('blocked', { off: f.registered });
  if (f.serverKey === null) return state('serverOff', { off: f.registered });
  // Stored by the relay once: it stays so while the relay cannot be asked (offline).
  if (f.registered && f.permission === 'granted') return state('on', { off: true });
  if (f.serverKey === undefined) return state('checking');
  if (f.serverKey === 'unreachable') return state('serverUnreachable');
  if (f.failure === 'pushService') return state('pushServiceUnreachable', { on: true });
  if (f.failure === 'relay') return state('relayRefused', { on: true });
  return state('off', { on: true });
}
