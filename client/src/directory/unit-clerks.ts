import { readUnitPage } from '@thongsuot/shared/model/unit-page';
import type { Platform } from '../platform.ts';

/**
 * Fills in the `clerks` of a unit's directory row from its page on the device, for a row
 * projected before rows carried them (unit-projection.ts writes them from then on). Loaded only
 * when needed (a dynamic import): it reads the unit page model, which the first screen must not
 * carry.
 */
export async function backfillUnitClerks(platform: Pick<Platform, 'db' | 'repository'>, unitId: string): Promise<void> {
  const docs = await platform.repository();
  const page = readUnitPage(await docs.open(`unit/${unitId}`));
  if (!page) return;
  const clerks = page.roles.filter((r) => r.role === 'clerk').map((r) => r.personId);
  await platform.db.units.update(unitId, { clerks });
}
