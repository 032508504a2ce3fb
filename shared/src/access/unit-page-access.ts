import type { UnitPage } from '../model/unit-page.ts';
import { RANKS } from '../org/positions.ts';
import { rankAtMost } from './capabilities.ts';
import { type ChangeVerdict, OK, refuse, same } from './change-verdict.ts';
import { EVERYONE, type Person, type Principal } from './principal.ts';

/** The directory is open to every official of the city (docs/design.md §1). */
export function unitPageReaders(_page: UnitPage): Principal[] {
  return [EVERYONE];
}

/** A unit's directory admins, and the head of the unit, edit its page. */
export function mayEditUnitPage(
  person: Person,
  page: { readonly admins: readonly string[]; readonly unit: { readonly id: string } },
): boolean {
  if (person.admin === true || page.admins.includes(person.id)) return true;
  return person.unitId === page.unit.id && rankAtMost(person, RANKS.head);
}

/**
 * The key registry's rules (docs/design.md §18), for everyone, editors too: a key is published only
 * by its owner (their own signed-in device), on their own unit's page; it is never deleted and its
 * key material, algorithm and time never change; it is revoked — once, for good — by its owner or
 * by one of the unit's directory editors (the administrator of that registry). So nobody can
 * replace someone's key, and every signature stays verifiable against the key as it was.
 */
function checkKeys(
  person: Person,
  editor: boolean,
  keysBefore: UnitPage['publicKeys'],
  keysAfter: UnitPage['publicKeys'],
  after: UnitPage,
): ChangeVerdict {
  const id = (k: UnitPage['publicKeys'][number]) => `${k.personId}/${k.keyId}`;
  const afterById = new Map(keysAfter.map((k) => [id(k), k]));
  for (const old of keysBefore) {
    const now = afterById.get(id(old));
    if (!now) return refuse('forbidden', 'Khóa ký đã công bố không được xóa; chỉ được thu hồi.');
    const { revokedAt: rb, ...restOld } = old;
    const { revokedAt: ra, ...restNow } = now;
    if (!same(restOld, restNow)) return refuse('forbidden', 'Không ai được thay khóa ký đã công bố.');
    if (rb !== ra) {
      if (rb !== undefined) return refuse('forbidden', 'Khóa ký đã thu hồi không được khôi phục.');
      if (old.personId !== person.id && !editor) {
        return refuse('forbidden', 'Chỉ chủ khóa hoặc người quản trị danh bạ của đơn vị mới được thu hồi khóa ký.');
      }
    }
  }
  const beforeIds = new Set(keysBefore.map(id));
  for (const key of keysAfter) {
    if (beforeIds.has(id(key))) continue;
    if (key.personId !== person.id) return refuse('forbidden', 'Bạn chỉ được công bố khóa ký của chính mình.');
    if (!after.people.some((p) => p.id === person.id)) {
      return refuse('forbidden', 'Khóa ký phải được công bố trên trang danh bạ của đơn vị mình.');
    }
  }
  return OK;
}

/** Editors change anything but the unit's id and kind, and keys as everyone; anyone else only their own keys. */
export function checkUnitPageChange(person: Person, before: UnitPage | null, after: UnitPage | null): ChangeVerdict {
  if (after === null)
    return refuse('invalid_doc', 'Thay đổi này làm trang danh bạ của đơn vị thiếu thông tin hoặc không hợp lệ.');
  if (before === null) {
    if (person.admin !== true && (person.unitId !== after.unit.id || !rankAtMost(person, RANKS.head))) {
      return refuse('forbidden', 'Chỉ người đứng đầu đơn vị mới được tạo trang danh bạ của đơn vị.');
    }
    return checkKeys(person, true, [], after.publicKeys, after);
  }
  if (before.unit.id !== after.unit.id || before.unit.kind !== after.unit.kind) {
    return refuse('forbidden', 'Không được thay đổi mã và loại hình của đơn vị.');
  }
  const editor = mayEditUnitPage(person, before);
  const { publicKeys: keysBefore, ...restBefore } = before;
  const { publicKeys: keysAfter, ...restAfter } = after;
  if (!editor && !same(restBefore, restAfter))
    return refuse('forbidden', 'Chỉ người cập nhật danh bạ của đơn vị mới được sửa trang danh bạ của đơn vị.');
  return checkKeys(person, editor, keysBefore, keysAfter, after);
}
