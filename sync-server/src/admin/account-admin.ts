import { randomUUID } from 'node:crypto';
import {
  type DirectoryPersonInput,
  type Division,
  foldVietnamese,
  type Person,
  queryTerms,
  setDirectoryAdmin,
  setUnitRole,
  type UnitFacts,
} from '@thongsuot/shared';
import type { ServerContext } from '../context.ts';
import type { SystemRole } from '../storage/account-store.ts';
import type { AccountRow, AdminStore, NewAccount, UnitRow } from './admin-store.ts';
import { serverEdit } from './server-edit.ts';
import { closeSockets, SESSION_ENDED } from './sockets.ts';
import { addToPage, divisionNamed, newDivisionId, readPage, unitDocId } from './unit-pages.ts';

/** A refused administrator's action: the HTTP status, a stable code and a Vietnamese message. */
export interface Refusal {
  readonly refused: true;
  readonly status: number;
  readonly error: string;
  readonly message: string;
}

export function refusal(status: number, error: string, message: string): Refusal {
  return { refused: true, status, error, message };
}

export function isRefusal(x: unknown): x is Refusal {
  return typeof x === 'object' && x !== null && (x as { refused?: unknown }).refused === true;
}

export const NO_ACCOUNT = refusal(404, 'not_found', 'Không tìm thấy tài khoản này.');

/** A new account's fields before its id and password hash. */
export type AccountDraft = Omit<NewAccount, 'id' | 'passwordHash'> & { readonly positionId: string };

/** A new account id, like the seeded `u-…` ones. */
export function newAccountId(): string {
  return `u-${randomUUID().replaceAll('-', '').slice(0, 16)}`;
}

/**
 * The administrator's search: every word typed, without diacritics, inside the folded full name
 * or the username; sorted by name; one page of it and the total.
 */
export function searchAccounts(
  rows: readonly AccountRow[],
  query: string,
  offset: number,
  limit: number,
): { total: number; accounts: AccountRow[] } {
  const terms = queryTerms(query);
  const keyed = rows.map((r) => ({ r, hay: `${foldVietnamese(r.fullName)} ${r.username}` }));
  const hits = terms.length ? keyed.filter(({ hay }) => terms.every((t) => hay.includes(t))) : keyed;
  // Vietnamese order by given name is HR's; folded full name keeps it simple and stable.
  hits.sort((a, b) => (a.hay < b.hay ? -1 : a.hay > b.hay ? 1 : 0));
  return { total: hits.length, accounts: hits.slice(offset, offset + limit).map((h) => h.r) };
}

/** Divisions to create per unit, and each person's division id on their unit's page. */
export interface DirectoryPlan {
  readonly newDivisions: Map<string, Division[]>;
  readonly divisionIdOf: (unitId: string, name: string) => string | undefined;
}

/**
 * Matches the divisions HR named against each unit's page (without diacritics or case) and lists
 * those to create. Reads each unit's page once.
 */
export async function planDivisions(
  ctx: Pick<ServerContext, 'engine' | 'hub'>,
  wanted: readonly { unitId: string; division: string }[],
): Promise<DirectoryPlan> {
  const newDivisions = new Map<string, Division[]>();
  const ids = new Map<string, string>();
  const key = (unitId: string, name: string) => `${unitId}\u0000${foldVietnamese(name)}`;
  for (const unitId of new Set(wanted.map((w) => w.unitId))) {
    const page = await readPage(ctx, unitId);
    const created: Division[] = [];
    const taken = new Set(page?.divisions.map((d) => d.id) ?? []);
    let order = Math.max(0, ...(page?.divisions.map((d) => d.order) ?? []));
    for (const w of wanted) {
      if (w.unitId !== unitId || w.division === '' || ids.has(key(unitId, w.division))) continue;
      const existing = divisionNamed(page, w.division);
      if (existing) {
        ids.set(key(unitId, w.division), existing.id);
        continue;
      }
      const id = newDivisionId(unitId, taken);
      taken.add(id);
      created.push({ id, name: w.division, order: ++order });
      ids.set(key(unitId, w.division), id);
    }
    if (created.length) newDivisions.set(unitId, created);
  }
  return { newDivisions, divisionIdOf: (unitId, name) => (name ? ids.get(key(unitId, name)) : undefined) };
}

/** The directory entry a new account gets on its unit's page. */
export function directoryEntry(id: string, draft: AccountDraft, divisionId: string | undefined): DirectoryPersonInput {
  return {
    id,
    fullName: draft.fullName,
    positionId: draft.positionId,
    position: draft.position,
    rank: draft.rank,
    ...(divisionId ? { divisionId } : {}),
    ...(draft.phone ? { phone: draft.phone } : {}),
    ...(draft.email ? { email: draft.email } : {}),
  };
}

/**
 * Puts new people on their units' pages, one write per unit (new divisions in the same write).
 * Returns the units whose page refused or failed; their accounts exist but are not listed yet.
 */
export async function addPeopleToPages(
  ctx: Pick<ServerContext, 'engine' | 'hub' | 'now'>,
  admin: Person,
  units: ReadonlyMap<string, UnitFacts>,
  plan: DirectoryPlan,
  people: readonly { id: string; draft: AccountDraft }[],
): Promise<{ unitId: string; message: string }[]> {
  const byUnit = new Map<string, DirectoryPersonInput[]>();
  for (const { id, draft } of people) {
    const list = byUnit.get(draft.unitId) ?? [];
    list.push(directoryEntry(id, draft, plan.divisionIdOf(draft.unitId, draft.division)));
    byUnit.set(draft.unitId, list);
  }
  const failed: { unitId: string; message: string }[] = [];
  for (const [unitId, list] of byUnit) {
    try {
      const facts = units.get(unitId) ?? { id: unitId, name: unitId, kind: 'ward', parentId: null };
      const outcome = await addToPage(
        ctx,
        admin,
        facts,
        { divisions: plan.newDivisions.get(unitId) ?? [], people: list },
        ctx.now(),
      );
      if (!outcome.ok) failed.push({ unitId, message: outcome.message });
    } catch (error) {
      failed.push({ unitId, message: (error as Error).message });
    }
  }
  return failed;
}

/** Each unit's facts for its page (to create the page when a unit has none). */
export function unitFactsOf(units: readonly UnitRow[]): Map<string, UnitFacts> {
  return new Map(units.map((u) => [u.id, { id: u.id, name: u.name, kind: u.kind, parentId: u.parentId }]));
}

/** A person's roles on their unit's page: directory editor, clerk (văn thư), signer. */
export interface UnitRoles {
  readonly editor: boolean;
  readonly clerk: boolean;
  readonly signer: boolean;
}

export async function unitRolesOf(ctx: Pick<ServerContext, 'engine' | 'hub'>, account: AccountRow): Promise<UnitRoles> {
  const page = await readPage(ctx, account.unitId);
  const holds = (role: 'clerk' | 'signer') => page?.roles.some((r) => r.personId === account.id && r.role === role);
  return {
    editor: page?.admins.includes(account.id) ?? false,
    clerk: holds('clerk') ?? false,
    signer: holds('signer') ?? false,
  };
}

/** Sets the unit roles given (others unchanged) on the person's unit page, as the administrator. */
export async function setUnitRoles(
  ctx: Pick<ServerContext, 'engine' | 'hub' | 'now'>,
  admin: Person,
  account: AccountRow,
  wanted: Partial<UnitRoles>,
): Promise<Refusal | null> {
  const current = await unitRolesOf(ctx, account);
  const changes = (Object.keys(wanted) as (keyof UnitRoles)[]).filter(
    (k) => wanted[k] !== undefined && wanted[k] !== current[k],
  );
  if (changes.length === 0) return null;
  const at = ctx.now();
  const outcome = await serverEdit(ctx, admin, unitDocId(account.unitId), (doc) => {
    for (const role of changes) {
      const granted = wanted[role] === true;
      if (role === 'editor') setDirectoryAdmin(doc, account.id, granted, admin.id, at);
      else setUnitRole(doc, account.id, role, granted, admin.id, at);
    }
  });
  return outcome.ok ? null : refusal(409, outcome.code, outcome.message);
}

/** Refuses system roles that would leave no administrator, or take the acting one's own. */
export function checkSystemRoles(
  store: AdminStore,
  actorId: string,
  target: AccountRow,
  roles: readonly SystemRole[],
): Refusal | null {
  if (target.roles.includes('admin') && !roles.includes('admin')) {
    if (target.id === actorId) {
      return refusal(409, 'own_admin_role', 'Bạn không thể tự bỏ quyền quản trị của mình.');
    }
    if (store.otherAdmins(target.id) === 0) {
      return refusal(409, 'last_admin', 'Phải còn ít nhất một người quản trị hệ thống.');
    }
  }
  return null;
}

/** Closes every socket of a person at once (the account was locked or its password reset). */
export function closeSocketsOf(ctx: Pick<ServerContext, 'registry'>, userId: string, reason: string): number {
  return closeSockets(ctx.registry, (s) => s.userId === userId, SESSION_ENDED, reason);
}
