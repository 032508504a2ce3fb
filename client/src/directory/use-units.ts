import { useLiveQuery } from 'dexie-react-hooks';
import { usePlatform } from '../shell/platform-context.ts';
import type { DirectoryUnitRow } from '../store/local-db.ts';

export function useUnits(): DirectoryUnitRow[] | undefined {
  const { db } = usePlatform();
  return useLiveQuery(() => db.units.toArray(), []);
}

export function useUnitNames(): Map<string, string> {
  const units = useUnits();
  return new Map((units ?? []).map((u) => [u.id, u.name]));
}

export function useOfficialName(id: string): string | undefined {
  const { db } = usePlatform();
  return useLiveQuery(async () => (await db.officials.get(id))?.fullName, [id]);
}
