import {
  type AssignmentRow,
  type DashEntries,
  listKey,
  type ReportLookup,
  type SECTIONS,
  sectionReport,
  storeLists,
  type UnitKind,
} from '@thongsuot/shared';
import type { AssignmentChanges } from '../storage/doc-store.ts';

export interface UnitFacts {
  readonly name: string;
  readonly kind: UnitKind;
  /** The unit this one was merged into (its work is the absorbing unit's now). */
  readonly mergedInto: string | null;
}

export interface PersonFacts {
  readonly name: string;
  readonly unitId: string;
}

/** What the figures need to know of the org, refreshed from the accounts from time to time. */
export interface OrgFacts {
  readonly units: ReadonlyMap<string, UnitFacts>;
  readonly people: ReadonlyMap<string, PersonFacts>;
}

/**
 * The assignment index in memory, with which units each row counts for (docs/design.md §14): a
 * unit *received* the assignments made to it, and *handed down* every assignment of the tasks it
 * issued or monitors from above — exactly the tasks its members read as the issuer side. A write
 * changes a task's rows; the units they counted for, before and after, are the scopes to
 * recompute, and only their rows are read again.
 */
export class DashboardModel {
  readonly #rows = new Map<string, Map<string, AssignmentRow>>();
  readonly #received = new Map<string, Set<string>>();
  readonly #handed = new Map<string, Set<string>>();
  readonly #titles = new Map<string, string>();
  #org: OrgFacts;
  /** Units merged into another, by id → the unit that absorbed them (after every hop). */
  #merged = new Map<string, string>();
  /** Which units each row counts for, worked out once per row (rows are never changed in place). */
  #units = new WeakMap<AssignmentRow, RowUnits>();

  constructor(org: OrgFacts) {
    this.#org = org;
    this.#merged = mergesOf(org);
  }

  /** New facts of the org; when merges changed, every task's membership is worked out again. */
  set org(org: OrgFacts) {
    this.#org = org;
    const merged = mergesOf(org);
    const same = merged.size === this.#merged.size && [...merged].every(([k, v]) => this.#merged.get(k) === v);
    if (same) return;
    this.#merged = merged;
    this.#units = new WeakMap();
    this.#received.clear();
    this.#handed.clear();
    for (const [taskId, rows] of [...this.#rows]) {
      this.#rows.delete(taskId);
      this.apply(taskId, { upsert: [...rows.values()], remove: [] });
    }
  }

  get size(): number {
    let n = 0;
    for (const rows of this.#rows.values()) n += rows.size;
    return n;
  }

  /** The unit whose figures count a unit's work: itself, or the unit it was merged into. */
  #owner(unitId: string): string {
    return this.#merged.size === 0 ? unitId : (this.#merged.get(unitId) ?? unitId);
  }

  /** The units (owners) a row counts for. */
  unitsOf(row: AssignmentRow): RowUnits {
    let units = this.#units.get(row);
    if (!units) {
      const handed = new Set([this.#owner(row.issuerUnitId), ...row.monitorUnits.map((u) => this.#owner(u))]);
      units = { received: row.recipientKind === 'unit' ? this.#owner(row.recipientId) : null, handed: [...handed] };
      this.#units.set(row, units);
    }
    return units;
  }

  setTitle(taskId: string, title: string): void {
    this.#titles.set(taskId, title);
  }

  /** Applies a task's changed rows; returns the units whose figures they touch (before and after). */
  apply(taskId: string, changes: AssignmentChanges): Set<string> {
    const touched = new Set<string>();
    const rows = this.#rows.get(taskId) ?? new Map<string, AssignmentRow>();
    this.#rows.set(taskId, rows);
    const touch = (row: AssignmentRow) => {
      const units = this.unitsOf(row);
      if (units.received) touched.add(units.received);
      for (const u of units.handed) touched.add(u);
    };
    for (const recipientId of changes.remove) {
      const old = rows.get(recipientId);
      if (old) touch(old);
      rows.delete(recipientId);
    }
    for (const row of changes.upsert) {
      const old = rows.get(row.recipientId);
      if (old) touch(old);
      touch(row);
      rows.set(row.recipientId, row);
    }
    // Which units the task counts for now, from all its rows (a merged unit's row and the
    // absorbing unit's own count for the same unit): only the touched units' sets can change.
    const received = new Set<string>();
    const handed = new Set<string>();
    for (const row of rows.values()) {
      const units = this.unitsOf(row);
      if (units.received) received.add(units.received);
      for (const u of units.handed) handed.add(u);
    }
    for (const u of touched) {
      set(this.#received, u, taskId, received.has(u));
      set(this.#handed, u, taskId, handed.has(u));
    }
    if (rows.size === 0) this.#rows.delete(taskId);
    return touched;
  }

  /** Every unit some row counts for. */
  units(): string[] {
    return [...new Set([...this.#received.keys(), ...this.#handed.keys()])].filter(
      (u) => (this.#received.get(u)?.size ?? 0) + (this.#handed.get(u)?.size ?? 0) > 0,
    );
  }

  rows(section: (typeof SECTIONS)[number], unitId: string): AssignmentRow[] {
    const out: AssignmentRow[] = [];
    const tasks = (section === 'received' ? this.#received : this.#handed).get(unitId);
    for (const taskId of tasks ?? []) {
      const rows = this.#rows.get(taskId);
      if (!rows) continue;
      if (section === 'received') {
        for (const row of rows.values()) if (this.unitsOf(row).received === unitId) out.push(row);
      } else {
        for (const row of rows.values()) out.push(row);
      }
    }
    return out;
  }

  lookup(): ReportLookup {
    const { units, people } = this.#org;
    return {
      unitOfRecipient: (row) =>
        row.recipientKind === 'unit'
          ? this.#owner(row.recipientId)
          : this.#owner(people.get(row.recipientId)?.unitId ?? row.recipientId),
      unit: (id) => units.get(id),
      personName: (id) => people.get(id)?.name,
      taskTitle: (id) => this.#titles.get(id),
    };
  }

  /** A unit's dashboard entries at `asOf` (dashboard/dash-doc.ts). */
  entries(unitId: string, asOf: number): DashEntries {
    const out = new Map<string, unknown>();
    const lookup = this.lookup();
    for (const section of ['received', 'handed'] as const) {
      const rows = this.rows(section, unitId);
      if (rows.length === 0) continue;
      const { report, lists } = sectionReport(rows, lookup, asOf);
      out.set(section, report);
      for (const [listed, list] of lists) out.set(listKey(section, listed), storeLists(listed, list));
    }
    return out;
  }
}

interface RowUnits {
  readonly received: string | null;
  readonly handed: readonly string[];
}

/** Every merged unit → the unit that finally absorbed it (following chains of merges). */
function mergesOf(org: OrgFacts): Map<string, string> {
  const out = new Map<string, string>();
  for (const [id, unit] of org.units) {
    if (!unit.mergedInto) continue;
    let owner = unit.mergedInto;
    for (let hops = 0; hops < 8; hops++) {
      const next = org.units.get(owner)?.mergedInto;
      if (!next) break;
      owner = next;
    }
    out.set(id, owner);
  }
  return out;
}

function set(map: Map<string, Set<string>>, key: string, value: string, present: boolean): void {
  let values = map.get(key);
  if (!present) {
    values?.delete(value);
    if (values?.size === 0) map.delete(key);
    return;
  }
  if (!values) {
    values = new Set();
    map.set(key, values);
  }
  values.add(value);
}
