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
  if (page.admins.includes(person.id)) return true;
  return person.unitId === page.unit.id && rankAtMost(person, RANKS.head);
}

/** Editors change anything but the unit's id and kind; anyone else only publishes or revokes their own keys. */
export function checkUnitPageChange(person: Person, before: UnitPage | null, after: UnitPage | null): ChangeVerdict {
  if (after === null)
    return refuse('invalid_doc', 'Thay đổi này làm trang danh bạ của đơn vị thiếu thông tin hoặc không hợp lệ.');
  if (before === null) {
    if (person.unitId !== after.unit.id || !rankAtMost(person, RANKS.head)) {
      return refuse('forbidden', 'Chỉ người đứng đầu đơn vị mới được tạo trang danh bạ của đơn vị.');
    }
    return OK;
  }
  if (before.unit.id !== after.unit.id || before.unit.kind !== after.unit.kind) {
    return refuse('forbidden', 'Không được thay đổi mã và loại hình của đơn vị.');
  }
  if (mayEditUnitPage(person, before)) return OK;
  const { publicKeys: keysBefore, ...restBefore } = before;
  const { publicKeys: keysAfter, ...restAfter } = after;
  if (!same(restBefore, restAfter))
    return refuse('forbidden', 'Chỉ người cập nhật danh bạ của đơn vị mới được sửa trang danh bạ của đơn vị.');
  const others = (keys: UnitPage['publicKeys']) => keys.filter((k) => k.personId !== person.id);
  if (!same(others(keysBefore), others(keysAfter)))
    return refuse('forbidden', 'Bạn chỉ được công bố khóa ký của chính mình.');
  if (!after.people.some((p) => p.id === person.id) && keysAfter.some((k) => k.personId === person.id)) {
    return refuse('forbidden', 'Khóa ký phải được công bố trên trang danh bạ của đơn vị mình.');
  }
  return OK;
}
