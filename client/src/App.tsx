import { docId } from '@thongsuot/shared';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { Route, Switch } from 'wouter';
import { type Platform, signOut, startPlatform } from './platform.ts';
import { registerServiceWorker } from './pwa/register-sw.ts';
import { SignIn } from './session/SignIn.tsx';
import { cachedSession, type SessionUser } from './session/session.ts';
import { PlatformContext } from './shell/platform-context.ts';
import { Shell } from './shell/Shell.tsx';
import { UpdateBanner } from './shell/UpdateBanner.tsx';
import { NewTaskForm } from './tasks/NewTaskForm.tsx';
import { TaskDetail } from './tasks/TaskDetail.tsx';
import { TaskList } from './tasks/TaskList.tsx';

export function App() {
  const [user, setUser] = useState<SessionUser | null>(cachedSession);
  const [platform, setPlatform] = useState<Platform | null>(null);
  const [applyUpdate, setApplyUpdate] = useState<(() => void) | null>(null);

  useEffect(() => registerServiceWorker((apply) => setApplyUpdate(() => apply)), []);

  useEffect(() => {
    if (!user) return;
    const started = startPlatform(user);
    setPlatform(started);
    return () => {
      started.sync.stop();
      started.repository.destroy();
      started.db.close();
      setPlatform(null);
    };
  }, [user]);

  const banner = applyUpdate && <UpdateBanner onApply={applyUpdate} onLater={() => setApplyUpdate(null)} />;
  if (!user) {
    return (
      <>
        {banner}
        <SignIn expired={false} onSignedIn={setUser} />
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
  if (status.connectivity === 'signed_out') return <SignIn expired onSignedIn={onSignedInAgain} />;
  return (
    <Shell onSignOut={onSignOut}>
      <Switch>
        <Route path="/" component={TaskList} />
        <Route path="/tasks/new" component={NewTaskForm} />
        <Route path="/tasks/:id">{(params) => <TaskDetail docId={docId('task', params.id)} />}</Route>
        <Route>
          <TaskList />
        </Route>
      </Switch>
    </Shell>
  );
}
