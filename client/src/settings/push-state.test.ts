import { describe, expect, it } from 'vitest';
import { type PushFacts, pushState } from './push-state.ts';

const KEY = 'BKey';
const ready: PushFacts = {
  supported: true,
  permission: 'granted',
  serverKey: KEY,
  registered: true,
  failure: null,
};

describe('what Settings says about reminders with the app closed', () => {
  it('says they ring only when the relay stored this browser’s subscription and notifications are allowed', () => {
    expect(pushState(ready)).toEqual({ kind: 'on', ringsWhenClosed: true, canTurnOn: false, canTurnOff: true });
    // Stored once, and the relay cannot be asked now (offline): still on.
    expect(pushState({ ...ready, serverKey: 'unreachable' }).kind).toBe('on');
    expect(pushState({ ...ready, serverKey: undefined }).kind).toBe('on');
    // Not stored: whatever else holds, it does not ring when closed.
    expect(pushState({ ...ready, registered: false }).ringsWhenClosed).toBe(false);
    // Not yet granted (asked on turning on): not on either.
    expect(pushState({ ...ready, permission: 'default' }).ringsWhenClosed).toBe(false);
  });

  it('names the reason when they do not, with a way to turn it on only where that can help', () => {
    const cases: [Partial<PushFacts>, string, boolean][] = [
      [{ supported: false }, 'unsupported', false],
      [{ permission: 'denied' }, 'blocked', false],
      [{ serverKey: null }, 'serverOff', false],
      [{ registered: false, serverKey: 'unreachable' }, 'serverUnreachable', false],
      [{ registered: false, serverKey: undefined }, 'checking', false],
      [{ registered: false, failure: 'pushService' }, 'pushServiceUnreachable', true],
      [{ registered: false, failure: 'relay' }, 'relayRefused', true],
      [{ registered: false }, 'off', true],
      [{ registered: false, permission: 'default' }, 'off', true],
    ];
    for (const [facts, kind, canTurnOn] of cases) {
      const state = pushState({ ...ready, ...facts });
      expect(state, kind).toMatchObject({ kind, canTurnOn, ringsWhenClosed: false });
    }
  });

  it('puts the browser and the server before anything remembered', () => {
    // A browser without Web Push, or notifications blocked, never rings when closed, whatever was stored.
    expect(pushState({ ...ready, supported: false }).kind).toBe('unsupported');
    expect(pushState({ ...ready, permission: 'denied' })).toMatchObject({ kind: 'blocked', canTurnOff: true });
    // The server has push turned off: nothing will come, even to a stored subscription.
    expect(pushState({ ...ready, serverKey: null })).toMatchObject({ kind: 'serverOff', ringsWhenClosed: false });
    // A remembered failure at the push service does not hide a subscription that worked since.
    expect(pushState({ ...ready, failure: 'pushService' }).kind).toBe('on');
  });
});
