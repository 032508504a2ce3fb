import { lazy, type ReactNode, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { twoStepSnoozed } from '../session/two-step-snooze.ts';
import { afterFirstScreen } from './first-screen.ts';
import { NavBar } from './NavBar.tsx';
import { NavIcon } from './nav-icons.tsx';
import { usePlatform } from './platform-context.ts';
import { RefusalNotice } from './RefusalNotice.tsx';
import { SyncIndicator } from './SyncIndicator.tsx';

// Personal reminders and urges ring on this device, offline too (loaded after the first render).
const ReminderScheduler = lazy(() =>
  import('../reminders/ReminderScheduler.tsx').then((m) => ({ default: m.ReminderScheduler })),
);

// New messages and announcements: system notifications if allowed, in-app notices otherwise.
const NewsNotifier = lazy(() => import('../conversations/NewsNotifier.tsx').then((m) => ({ default: m.NewsNotifier })));

// The notification center's bell: derived from the device's rows, loaded after the first render.
const NotificationBell = lazy(() =>
  import('../notifications/NotificationBell.tsx').then((m) => ({ default: m.NotificationBell })),
);

// A leader or administrator within the two-step grace period is reminded on the inbox and the
// settings (session/TwoStepNotice.tsx).
const TwoStepNotice = lazy(() => import('../session/TwoStepNotice.tsx').then((m) => ({ default: m.TwoStepNotice })));

/** Whether the first screen is shown, so what can wait for it may start. */
function useAfterFirstScreen(): boolean {
  const [after, setAfter] = useState(false);
  useEffect(() => {
    let live = true;
    void afterFirstScreen().then(() => live && setAfter(true));
    return () => {
      live = false;
    };
  }, []);
  return after;
}

/** Header with the sync state, the main navigation, notices, and the page. */
export function Shell({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { user } = usePlatform();
  // The bell, reminders and news read the store too: they start once the inbox is on screen.
  const started = useAfterFirstScreen();
  // The reminder sits on the inbox and the settings only: on a working screen (a conversation
  // with its composer pinned to the bottom) it would take the room the work needs.
  const [path] = useLocation();
  const [snoozed, setSnoozed] = useState(twoStepSnoozed);
  const remindTwoStep =
    (path === '/' || path.startsWith('/settings')) && user.twoStepDeadline && !user.totpEnabled && !snoozed;
  return (
    <div className="shell">
      <header className="app-header">
        <Link href="/" className="brand">
          {t('app.name')}
        </Link>
        <SyncIndicator />
        {/* The bell's room is kept until its code arrives: what follows it never moves. */}
        {started ? (
          <Suspense fallback={<span className="header-bell-slot" />}>
            <NotificationBell />
          </Suspense>
        ) : (
          <span className="header-bell-slot" />
        )}
        {/* Who is signed in, on the desktop (a shared office computer); the phone shows it in Settings. */}
        <Link href="/settings" className="header-person" data-testid="header-person">
          {user.fullName}
        </Link>
        <Link href="/settings" className="header-settings" aria-label={t('nav.settings')}>
          <NavIcon name="settings" />
        </Link>
      </header>
      <NavBar />
      <div className="app-body">
        <RefusalNotice />
        {started && (
          <Suspense fallback={null}>
            <ReminderScheduler />
            <NewsNotifier />
          </Suspense>
        )}
        {/* Its room is kept from the first paint, before the notice's code arrives: nothing moves. */}
        {remindTwoStep && user.twoStepDeadline && (
          <div className="two-step-slot">
            {started && (
              <Suspense fallback={null}>
                <TwoStepNotice deadline={user.twoStepDeadline} onSnooze={() => setSnoozed(true)} />
              </Suspense>
            )}
          </div>
        )}
        <main className="app-main">{children}</main>
      </div>
    </div>
  );
}
