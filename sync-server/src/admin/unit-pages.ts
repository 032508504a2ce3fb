import {
  createUnitPage,
  type DirectoryPersonInput,
  type Division,
  foldVietnamese,
  type Person,
  putDirectoryPerson,
  putDivision,
  readUnitPage,
  type UnitFacts,
  type UnitPage,
} from '@thongsuot/shared';
import * as Y from 'yjs';
import type { ServerContext } from '../context.ts';
import type { WriteOutcome } from '../sync/doc-hub.ts';
import { serverEdit } from './server-edit.ts';

type Ctx = Pick<ServerContext, 'engine' | 'hub'>;

/** An administrator acting on unit pages through `serverEdit` (shared Person `admin`). */
export function adminPerson(account: { readonly id: string; readonly unitId: string }): Person {
  return { id: account.id, unitId: account.unitId, admin: true };
}

export const unitDocId = (unitId: string): string => `unit/${unitId}`;

/** A unit's directory page as the relay holds it now, or null when it has none (or it is malformed). */
export async function readPage(ctx: Ctx, unitId: string): Promise<UnitPage | null> {
  const current = await ctx.engine.diff(unitDocId(unitId), new Uint8Array([0]));
  if (!current.ok) return null;
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, current.update);
    return readUnitPage(doc);
  } finally {
    doc.destroy();
  }
}

/** The division of `page` called `name` (compared without diacritics or case). */
export function divisionNamed(page: Pick<UnitPage, 'divisions'> | null, name: string): Division | undefined {
  const folded = foldVietnamese(name);
  return page?.divisions.find((d) => foldVietnamese(d.name) === folded);
}

/** An id for a new division of a unit, unused on its page: `<unitId>-p<n>` like the seeded ones. */
export function newDivisionId(unitId: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  const prefix = unitId.slice(0, 50);
  let n = used.size + 1;
  while (used.has(`${prefix}-p${n}`)) n++;
  return `${prefix}-p${n}`;
}

/** A division to create on a page, and the people to put on it (DirectoryPerson entries). */
export interface PageAdditions {
  readonly divisions: readonly Division[];
  readonly people: readonly DirectoryPersonInput[];
}

/**
 * Adds divisions and people to a unit's page in one write, as the administrator. A unit without a
 * page yet (one `pnpm admin:create` added from the city's structure) gets it created from `facts`.
 */
export function addToPage(
  ctx: Ctx,
  admin: Person,
  facts: UnitFacts,
  additions: PageAdditions,
  at: number,
): Promise<WriteOutcome> {
  return serverEdit(ctx, admin, unitDocId(facts.id), (doc) => {
    if (doc.share.size === 0) createUnitPage(doc, facts, [], at, admin.id);
    for (const d of additions.divisions) putDivision(doc, d);
    for (const p of additions.people) putDirectoryPerson(doc, p);
  });
}

/** Creates a new unit's page with its divisions; the administrator is its author, not its editor. */
export function createPage(
  ctx: Ctx,
  admin: Person,
  facts: UnitFacts,
  divisions: readonly string[],
  at: number,
): Promise<WriteOutcome> {
  return serverEdit(ctx, admin, unitDocId(facts.id), (doc) => {
    createUnitPage(doc, facts, [], at, admin.id);
    for (const [i, name] of divisions.entries()) {
      putDivision(doc, { id: `${facts.id.slice(0, 50)}-p${i + 1}`, name, order: i + 1 });
    }
  });
}
