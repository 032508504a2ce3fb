import { useLiveQuery } from 'dexie-react-hooks';
import { usePlatform } from '../shell/platform-context.ts';

/** Names of many officials in one IndexedDB read (a tracking table names up to 184 readers). */
export function useOfficialNames(ids: readonly string[]): Map<string, string> {
  const { db } = usePlatform();
  const key = [...new Set(ids)].sort().join(',');
  return (
    useLiveQuery(async () => {
      const wanted = key ? key.split(',') : [];
      const rows = await db.officials.bulkGet(wanted);
      return new Map(rows.flatMap((r) => (r ? [[r.id, r.fullName] as [string, string]] : [])));
    }, [key]) ?? new Map()
  );
}
