import * as v from 'valibot';
import { UNIT_KINDS, type UnitKind } from '../org/org-unit.ts';
import { IdSchema } from '../validation/primitives.ts';

/**
 * Who an announcement is for: all staff of the city, the staff of some units, of some kinds of
 * unit (e.g. every ward, commune and special zone). An audience must be expressible as
 * principals (access/bulletin-access.ts), which is why "only the leaders" is not one.
 */
export const AudienceSchema = v.variant('kind', [
  v.object({ kind: v.literal('all') }),
  v.object({ kind: v.literal('units'), unitIds: v.pipe(v.array(IdSchema), v.minLength(1), v.maxLength(500)) }),
  v.object({ kind: v.literal('unit_kinds'), unitKinds: v.pipe(v.array(v.picklist(UNIT_KINDS)), v.minLength(1)) }),
]);
export type Audience = v.InferOutput<typeof AudienceSchema>;

export interface AudienceMember {
  readonly unitId: string;
  readonly unitKind: UnitKind;
}

export function inAudience(audience: Audience, member: AudienceMember): boolean {
  switch (audience.kind) {
    case 'all':
      return true;
    case 'units':
      return audience.unitIds.includes(member.unitId);
    case 'unit_kinds':
      return audience.unitKinds.includes(member.unitKind);
  }
}
