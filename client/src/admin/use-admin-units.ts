import { useEffect, useState } from 'react';
import { compareVi } from '../i18n/collate.ts';
import { type AdminUnit, listUnits } from './admin-api.ts';

/** The relay's units that take people (merged ones left out), sorted by name; null while loading. */
export function useAdminUnits(version = 0): { units: AdminUnit[] | null; failed: unknown } {
  const [units, setUnits] = useState<AdminUnit[] | null>(null);
  const [failed, setFailed] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    void version;
    listUnits().then(
      ({ units }) => live && setUnits([...units].sort((a, b) => compareVi(a.name, b.name))),
      (error: unknown) => live && setFailed(error),
    );
    return () => {
      live = false;
    };
  }, [version]);
  return { units, failed };
}
