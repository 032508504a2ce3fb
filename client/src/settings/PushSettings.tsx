import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { readPushFacts, turnPushOff, turnPushOn } from '../pwa/push-subscription.ts';
import { usePlatform } from '../shell/platform-context.ts';
import { type PushFacts, pushState } from './push-state.ts';

const ASKING: PushFacts = {
  supported: true,
  permission: 'default',
  serverKey: undefined,
  registered: false,
  failure: null,
};

/**
 * "Reminders when the app is closed": says plainly whether, on this device, a reminder rings
 * with the app closed (docs/design.md §16), and why not when it does not; turns it on and off.
 */
export function PushSettings() {
  const { t } = useTranslation();
  const { db } = usePlatform();
  const [facts, setFacts] = useState<PushFacts | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    void readPushFacts().then((f) => {
      if (live) setFacts(f);
    });
    return () => {
      live = false;
    };
  }, []);

  const state = pushState(facts ?? ASKING);
  const change = (action: () => Promise<PushFacts>) => {
    setBusy(true);
    void action()
      .then(setFacts)
      .finally(() => setBusy(false));
  };
  const summary =
    state.kind === 'checking'
      ? t('settings.push.checking')
      : state.ringsWhenClosed
        ? t('settings.push.on')
        : t('settings.push.openOnly');

  return (
    <>
      <h2>{t('settings.push.title')}</h2>
      <div className="card-block settings-push" data-testid="push-settings" data-state={state.kind} aria-live="polite">
        <p>
          <strong>{summary}</strong>
        </p>
        {state.ringsWhenClosed && <p className="muted">{t('settings.push.onDetail')}</p>}
        {!state.ringsWhenClosed && state.kind !== 'checking' && (
          <p className="muted">{t(`settings.push.reasons.${state.kind}`)}</p>
        )}
        {state.canTurnOn && (
          <button type="button" className="button" disabled={busy} onClick={() => change(() => turnPushOn(db))}>
            {busy
              ? t('settings.push.turningOn')
              : state.kind === 'pushServiceUnreachable' || state.kind === 'relayRefused'
                ? t('settings.push.retry')
                : t('settings.push.turnOn')}
          </button>
        )}
        {state.canTurnOff && (
          <button type="button" className="button" disabled={busy} onClick={() => change(turnPushOff)}>
            {t('settings.push.turnOff')}
          </button>
        )}
      </div>
    </>
  );
}
