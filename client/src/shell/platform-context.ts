import { createContext, useContext, useSyncExternalStore } from 'react';
import type { Platform } from '../platform.ts';
import type { SyncStatus } from '../sync/sync-status.ts';

export const PlatformContext = createContext<Platform | null>(null);

export function usePlatform(): Platform {
  const platform = useContext(PlatformContext);
  if (!platform) throw new Error('usePlatform outside a signed-in app');
  return platform;
}

export function useSyncStatus(): SyncStatus {
  const { sync } = usePlatform();
  return useSyncExternalStore(
    (listener) => sync.subscribe(listener),
    () => sync.status,
  );
}
