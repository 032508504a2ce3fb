import {
  type DirectoryPersonInput,
  type Division,
  foldVietnamese,
  type Person,
  patchDirectoryPerson,
  patchUnitFacts,
  putDirectoryPerson,
  putDivision,
  unitPrincipal,
} from '@thongsuot/shared';
import type { ServerContext } from '../context.ts';
import { type Refusal, refusal } from './account-admin.ts';
import type { AdminStore, UnitRow } from './admin-store.ts';
import { serverEdit } from './server-edit.ts';
import { closeSockets, RECONNECT } from './sockets.ts';
import { divisionNamed, newDivisionId, readPage, unitDocId } from './unit-pages.ts';

type Ctx = Pick<ServerContext, 'engine' | 'hub' | 'registry' | 'db'>;

/** A new unit's id from its name, like the seeded ones: "Phường An Khánh" → `phuong-an-khanh`. */
export function unitIdFor(name: string, taken: ReadonlySet<string>): string {
  const base =
    foldVietnamese(name)
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 56) || 'don-vi';
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}

/** What a merge moves, for the confirmation that names it and for the audit line. */
export interface MergePlan {
  readonly from: UnitRow;
  readonly into: UnitRow;
  /** Accounts whose unit becomes `into`. */
  readonly people: number;
  /** Divisions of `from` that `into` gets (by name; those it already has are shared). */
  readonly newDivisions: Division[];
  readonly sharedDivisions: string[];
  /** Task docs the merged unit reads (as issuer's unit or recipient): open or not. */
  readonly tasks: number;
  /** Entries to put on `into`'s page, with their divisions mapped. */
  readonly entries: DirectoryPersonInput[];
}

/**
 * Checks a merge (2025's mergers of wards: `from` is absorbed by `into`) and works out what moves.
 * Refuses merging a unit into itself, merging a unit already merged, or into one.
 */
export async function planMerge(
  ctx: Ctx,
  store: AdminStore,
  fromId: string,
  intoId: string,
): Promise<MergePlan | Refusal> {
  const from = store.unit(fromId);
  const into = store.unit(intoId);
  if (!from) return refusal(404, 'not_found', 'Không tìm thấy đơn vị này.');
  if (!into) return refusal(400, 'unknown_unit', 'Không tìm thấy đơn vị nhận sáp nhập.');
  if (from.id === into.id) return refusal(409, 'same_unit', 'Không thể sáp nhập một đơn vị vào chính nó.');
  if (from.mergedInto) return refusal(409, 'already_merged', `“${from.name}” đã được sáp nhập trước đây.`);
  if (into.mergedInto) {
    return refusal(409, 'merged_target', `“${into.name}” đã sáp nhập vào đơn vị khác; hãy chọn đơn vị còn hoạt động.`);
  }
  const [fromPage, intoPage] = await Promise.all([readPage(ctx, from.id), readPage(ctx, into.id)]);
  const divisionIds = new Map<string, string>();
  const newDivisions: Division[] = [];
  const sharedDivisions: string[] = [];
  const taken = new Set(intoPage?.divisions.map((d) => d.id) ?? []);
  let order = Math.max(0, ...(intoPage?.divisions.map((d) => d.order) ?? []));
  for (const d of fromPage?.divisions ?? []) {
    const same =
      divisionNamed(intoPage, d.name) ?? newDivisions.find((n) => foldVietnamese(n.name) === foldVietnamese(d.name));
    if (same) {
      divisionIds.set(d.id, same.id);
      sharedDivisions.push(d.name);
      continue;
    }
    const id = taken.has(d.id) ? newDivisionId(into.id, taken) : d.id;
    taken.add(id);
    newDivisions.push({ id, name: d.name, order: ++order });
    divisionIds.set(d.id, id);
  }
  const entries = (fromPage?.people ?? [])
    .filter((p) => p.active)
    .map(({ divisionId, ...p }) => {
      const mapped = divisionId ? divisionIds.get(divisionId) : undefined;
      return { ...p, ...(mapped ? { divisionId: mapped } : {}) };
    });
  const tasks = ctx.db
    .prepare(
      `SELECT COUNT(*) FROM doc_readers r JOIN docs d ON d.doc_id = r.doc_id WHERE r.principal = ? AND d.kind = 'task'`,
    )
    .pluck()
    .get(unitPrincipal(from.id)) as number;
  return { from, into, people: store.peopleOf(from.id).length, newDivisions, sharedDivisions, tasks, entries };
}

/**
 * Carries a merge out, each step safe to repeat if a later one fails: the absorbing unit's page
 * gets the divisions and people; the old page marks its people as gone and says where the unit
 * went; then, in one transaction, the accounts move and the unit is marked merged (it leaves the
 * unit pickers). Sockets of both units' people are closed with "reconnect", so their devices come
 * back with the principals of their new unit.
 */
export async function carryOutMerge(
  ctx: Ctx,
  store: AdminStore,
  admin: Person,
  plan: MergePlan,
): Promise<Refusal | null> {
  const toInto = await serverEdit(ctx, admin, unitDocId(plan.into.id), (doc) => {
    for (const d of plan.newDivisions) putDivision(doc, d);
    for (const p of plan.entries) putDirectoryPerson(doc, p);
  });
  if (!toInto.ok) return refusal(409, toInto.code, toInto.message);
  const fromPage = await readPage(ctx, plan.from.id);
  if (fromPage) {
    const left = await serverEdit(ctx, admin, unitDocId(plan.from.id), (doc) => {
      for (const p of plan.entries) patchDirectoryPerson(doc, p.id, { active: false });
      patchUnitFacts(doc, { mergedInto: plan.into.id });
    });
    if (!left.ok) return refusal(409, left.code, left.message);
  }
  const intoPeople = store.peopleOf(plan.into.id);
  const moved = await store.mergeUnit(plan.from.id, plan.into.id);
  const affected = new Set([...moved, ...intoPeople]);
  closeSockets(ctx.registry, (s) => affected.has(s.userId), RECONNECT, 'unit merged');
  return null;
}
