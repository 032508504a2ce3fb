import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { usePlatform } from '../shell/platform-context.ts';

export interface StorageFacts {
  readonly used: number | null;
  readonly quota: number | null;
  readonly persisted: boolean | null;
}

/** How much the browser says we store, and whether it promised to keep it. */
export function useStorageFacts(): StorageFacts {
  const [facts, setFacts] = useState<StorageFacts>({ used: null, quota: null, persisted: null });
  useEffect(() => {
    const storage = globalThis.navigator?.storage;
    if (!storage) return;
    let live = true;
    void Promise.all([storage.estimate?.(), storage.persisted?.()]).then(([estimate, persisted]) => {
      if (live)
        setFacts({ used: estimate?.usage ?? null, quota: estimate?.quota ?? null, persisted: persisted ?? null });
    });
    return () => {
      live = false;
    };
  }, []);
  return facts;
}

export function useLocalCounts(): { tasks: number; people: number; waiting: number } | undefined {
  const { db } = usePlatform();
  return useLiveQuery(
    async () => ({
      tasks: await db.tasks.count(),
      people: await db.officials.count(),
      // Files waiting to upload are lost on sign-out just like changes: both count.
      waiting: (await db.outbox.count()) + (await db.uploads.count()),
    }),
    [],
  );
}
