import type { Bulletin } from '../model/bulletin.ts';
import type { UnitKind } from '../org/org-unit.ts';
import { leadsUnit } from './capabilities.ts';
import { appended, type ChangeVerdict, OK, refuse } from './change-verdict.ts';
import { EVERYONE, type Person, type Principal, unitPrincipal } from './principal.ts';

/** Resolves unit kinds to unit ids, for audiences like "every ward and commune". */
export interface UnitsByKind {
  unitIdsOfKind(kind: UnitKind): readonly string[];
}

/** The audience reads; the publishing unit always reads its own bulletin. */
export function bulletinReaders(bulletin: Bulletin, units: UnitsByKind): Principal[] {
  const readers = new Set<Principal>([unitPrincipal(bulletin.unitId)]);
  const audience = bulletin.audience;
  if (audience.kind === 'all') readers.add(EVERYONE);
  if (audience.kind === 'units') for (const id of audience.unitIds) readers.add(unitPrincipal(id));
  if (audience.kind === 'unit_kinds') {
    for (const kind of audience.unitKinds) for (const id of units.unitIdsOfKind(kind)) readers.add(unitPrincipal(id));
  }
  return [...readers];
}

export function mayPublishBulletin(person: Person, bulletin: Pick<Bulletin, 'unitId'>): boolean {
  return leadsUnit(person, bulletin.unitId);
}

/** The unit's leaders publish, withdraw and set the audience; announcements are never edited. */
export function checkBulletinChange(person: Person, before: Bulletin | null, after: Bulletin | null): ChangeVerdict {
  if (after === null) return refuse('invalid_doc', 'Thay đổi này làm bảng thông báo không hợp lệ.');
  if (!mayPublishBulletin(person, after) || (before !== null && before.unitId !== after.unitId)) {
    return refuse('forbidden', 'Chỉ lãnh đạo đơn vị mới được đăng thông báo của đơn vị.');
  }
  if (before === null) return OK;
  const content = (b: Bulletin) => b.announcements.map((a) => ({ ...a, withdrawnAt: null }));
  const added = appended(content(before), content(after), (a) => a.id);
  if (added === null)
    return refuse('forbidden', 'Không được sửa thông báo đã đăng; hãy thu hồi rồi đăng thông báo mới.');
  if (added.some((a) => a.by !== person.id))
    return refuse('forbidden', 'Bạn chỉ được đăng thông báo nhân danh chính mình.');
  return OK;
}
