import { useEffect, useState, useSyncExternalStore } from 'react';
import { type Platform, signOut, startPlatform } from './platform.ts';
import { registerServiceWorker } from './pwa/register-sw.ts';
import { type OwedStep, SignIn } from './session/SignIn.tsx';
import { cachedSession, cacheSession, type SessionUser } from './session/session.ts';
import { PlatformContext } from './shell/platform-context.ts';
import { Routes } from './shell/Routes.tsx';
import { Shell } from './shell/Shell.tsx';
import { UpdateBanner } from './shell/UpdateBanner.tsx';
import { afterFirstSync } from './sync/first-sync.ts';

/** `owedAtStart`: the first visit's form (main.ts) signed in and the server asks one more step. */
export function App({ owedAtStart = null }: { owedAtStart?: OwedStep | null }) {
  const [user, setUser] = useState<SessionUser | null>(cachedSession);
  const [platform, setPlatform] = useState<Platform | null>(null);
  const [applyUpdate, setApplyUpdate] = useState<(() => void) | null>(null);

  // A device that already has the offline copy of the app looks for updates at once. A new one
  // installs it (the service worker's precache) only after its first sync: on a weak link it would
  // share the link with the person's work and the directory (docs/design.md §20).
  const [installShell, setInstallShell] = useState(() => Boolean(globalThis.navigator?.serviceWorker?.controller));
  useEffect(() => {
    if (!platform || installShell) return;
    let live = true;
    afterFirstSync(platform.db, platform.sync)
      .then(() => live && setInstallShell(true))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [platform, installShell]);
  useEffect(
    () => (installShell ? registerServiceWorker((apply) => setApplyUpdate(() => apply)) : undefined),
    [installShell],
  );

  useEffect(() => {
    if (!user) return;
    // Another tab signed this person out and is deleting their data: follow it.
    const started = startPlatform(user, () => {
      cacheSession(null);
      setUser(null);
    });
    setPlatform(started);
    return () => {
      started.stop();
      setPlatform(null);
    };
  }, [user]);

  const banner = applyUpdate && <UpdateBanner onApply={applyUpdate} onLater={() => setApplyUpdate(null)} />;
  if (!user) {
    return (
      <>
        {banner}
        <SignIn expired={false} onSignedIn={setUser} owedAtStart={owedAtStart} />
      </>
    );
  }
  if (!platform) return null;
  return (
    <PlatformContext.Provider value={platform}>
      {banner}
      <SignedIn
        platform={platform}
        onSignOut={() => void signOut(platform).then(() => setUser(null))}
        onSignedInAgain={(again) => (again.id === user.id ? platform.sync.syncNow() : setUser(again))}
      />
    </PlatformContext.Provider>
  );
}

function SignedIn({
  platform,
  onSignOut,
  onSignedInAgain,
}: {
  platform: Platform;
  onSignOut: () => void;
  onSignedInAgain: (user: SessionUser) => void;
}) {
  const status = useSyncExternalStore(
    (l) => platform.sync.subscribe(l),
    () => platform.sync.status,
  );
  // An expired session asks for the password again; the outbox stays and is sent afterwards.
  if (status.connectivity === 'signed_out') return <SignIn expired onSignedIn={onSignedInAgain} />;
  return (
    <Shell>
      <Routes onSignOut={onSignOut} />
    </Shell>
  );
}
