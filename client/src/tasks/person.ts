import type { Person } from '@thongsuot/shared/access/principal';
import { useMemo } from 'react';
import { usePlatform } from '../shell/platform-context.ts';

/** The signed-in person as the access rules see them (shared/access): id, unit and rank. */
export function usePerson(): Person {
  const { user } = usePlatform();
  return useMemo(
    () => ({
      id: user.id,
      unitId: user.unitId,
      ...(user.rank !== undefined ? { rank: user.rank } : {}),
      ...(user.mergedUnitIds?.length ? { mergedUnitIds: user.mergedUnitIds } : {}),
    }),
    [user],
  );
}
