import * as Y from 'yjs';
import { publishAnnouncement } from '../model/announcement.ts';
import { createBulletin } from '../model/bulletin.ts';
import { putDirectoryPerson } from '../model/directory-person.ts';
import { createUnitPage, putDivision, setUnitRole } from '../model/unit-page.ts';
import { CITY_ID } from '../org/city-structure.ts';
import { RANKS } from '../org/positions.ts';
import { as, encode, type GeneratedDoc } from './actor.ts';
import type { CityIndex } from './city-index.ts';
import type { Random } from './prng.ts';

/** The demo city's clerks (văn thư), where the demo names one; elsewhere a unit's first specialist. */
const DEMO_CLERKS: Readonly<Record<string, string>> = {
  'phuong-ben-thanh': 'u-benthanh-cv',
  'phuong-sai-gon': 'u-saigon-vt',
  'vp-ubnd': 'u-vanphong',
};

/**
 * Who keeps a unit's registers and who signs for it (model/unit-page.ts roles): its clerk, and
 * its head and deputies.
 */
function unitRoles(index: CityIndex, unitId: string): { clerk: string | null; signers: string[] } {
  const staff = index.staffOf(unitId);
  const named = DEMO_CLERKS[unitId];
  const clerk = staff.find((o) => o.id === named) ?? staff.find((o) => o.rank === RANKS.specialist) ?? null;
  return { clerk: clerk?.id ?? null, signers: staff.filter((o) => o.rank <= RANKS.deputy).map((o) => o.id) };
}

/** The directory: one page per unit, written by the unit's first directory admin (or its head). */
export function* generateUnitPages(index: CityIndex, at: number): Generator<GeneratedDoc> {
  const { city } = index;
  for (const unit of city.units) {
    const doc = new Y.Doc();
    const admins = city.directoryAdmins.get(unit.id) ?? [];
    const author = admins[0] ?? index.headOf(unit.id).id;
    as(doc, author, () => {
      doc.transact(() => {
        createUnitPage(
          doc,
          { id: unit.id, name: unit.name, kind: unit.kind, parentId: unit.parentId },
          admins,
          at,
          author,
        );
        const roles = unitRoles(index, unit.id);
        if (roles.clerk) setUnitRole(doc, roles.clerk, 'clerk', true, author, at);
        for (const signer of roles.signers) setUnitRole(doc, signer, 'signer', true, author, at);
        for (const d of city.divisions)
          if (d.unitId === unit.id) putDivision(doc, { id: d.id, name: d.name, order: d.order });
        for (const o of index.staffOf(unit.id)) {
          putDirectoryPerson(doc, {
            id: o.id,
            fullName: o.fullName,
            positionId: o.positionId ?? 'specialist',
            position: o.position,
            rank: o.rank,
            phone: o.phone,
            email: o.email,
            ...(o.divisionId ? { divisionId: o.divisionId } : {}),
          });
        }
      });
    });
    yield encode(`unit/${unit.id}`, doc);
  }
}

/** The city's bulletin to all staff, and one per department to the wards and communes. */
export function* generateBulletins(index: CityIndex, random: Random, now: number): Generator<GeneratedDoc> {
  const publishers = [CITY_ID, ...index.unitsOfKind('department').map((u) => u.id)];
  for (const unitId of publishers) {
    const doc = new Y.Doc();
    const head = index.headOf(unitId);
    as(doc, head.id, () => {
      createBulletin(
        doc,
        unitId,
        unitId === CITY_ID ? { kind: 'all' } : { kind: 'unit_kinds', unitKinds: ['ward', 'commune', 'special_zone'] },
      );
      for (let i = 1, n = random.int(3, 25); i <= n; i++) {
        publishAnnouncement(doc, {
          id: `a${i}`,
          title: random.pick([
            'Lịch tiếp công dân',
            'Thông báo nghỉ Tết Nguyên đán',
            'Cảnh báo triều cường',
            'Kế hoạch kiểm tra công vụ',
            'Hướng dẫn sử dụng nền tảng',
          ]),
          body: 'Đề nghị các đơn vị thông tin đến toàn thể cán bộ, công chức, viên chức và người lao động.',
          importance: random.pick(['normal', 'normal', 'important', 'urgent'] as const),
          audience: { kind: 'all' },
          by: head.id,
          at: now - random.int(1, 60) * 86_400_000,
        });
      }
    });
    yield encode(`bulletin/${unitId}`, doc);
  }
}
