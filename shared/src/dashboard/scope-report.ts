import type { UnitKind } from '../org/org-unit.ts';
import { SOURCE_LEVELS, type SourceLevel } from '../org/source-level.ts';
import type { AssignmentRow } from './assignment-row.ts';
import {
  BUCKETS,
  type Bucket,
  type BucketCounts,
  bucketCounts,
  bucketOf,
  type Figures,
  figuresOf,
  onTimeRate,
  type RankedUnit,
  rankUnits,
  type WeekFigure,
  weeklyOnTime,
} from './measures.ts';

/**
 * What one section of a leader's dashboard holds (docs/design.md §14): the measures, their
 * breakdowns, the ranking of units, and — per unit — the assignments behind every bucket, so a
 * figure opens onto its list on the device, offline. Built by the relay from the assignment
 * index and written into a `dash/<unitId>` doc; the device only reads it.
 */
export const GROUPS = ['department', 'ward', 'commune', 'special_zone', 'other'] as const;
export type Group = (typeof GROUPS)[number];

export function groupOfKind(kind: UnitKind | undefined): Group {
  return kind === 'department' || kind === 'ward' || kind === 'commune' || kind === 'special_zone' ? kind : 'other';
}

export interface Breakdown<K extends string = string> {
  readonly key: K;
  readonly buckets: BucketCounts;
}

export interface UnitLine extends RankedUnit {
  readonly name: string;
  readonly group: Group;
}

export interface IssuerLine extends Breakdown {
  readonly name: string;
}

export interface DirectiveLine extends Breakdown {
  readonly title: string;
}

export interface SectionReport {
  readonly figures: Figures;
  readonly weekly: readonly WeekFigure[];
  readonly bySource: readonly Breakdown<SourceLevel>[];
  readonly byGroup: readonly Breakdown<Group>[];
  readonly byIssuer: readonly IssuerLine[];
  /** Recipient units ranked by overdue count, with the change over the period. */
  readonly units: readonly UnitLine[];
  /** The directives with the most overdue assignments (at most `TOP_DIRECTIVES`). */
  readonly directives: readonly DirectiveLine[];
}

/** The assignments behind each bucket of one unit: `taskId:recipientId`. */
export type BucketLists = Record<Bucket, string[]>;

export const TOP_DIRECTIVES = 20;
/** Issuers listed in a section, those with the most assignments first. */
export const TOP_ISSUERS = 30;

export interface ReportLookup {
  /** The unit a recipient belongs to: itself for a unit, the person's unit for a person. */
  unitOfRecipient(row: AssignmentRow): string;
  unit(id: string): { readonly name: string; readonly kind: UnitKind } | undefined;
  personName(id: string): string | undefined;
  taskTitle(taskId: string): string | undefined;
}

export function assignmentRef(row: AssignmentRow): string {
  return `${row.taskId}:${row.recipientId}`;
}

export function parseAssignmentRef(ref: string): { taskId: string; recipientId: string } | null {
  const colon = ref.indexOf(':');
  if (colon <= 0) return null;
  return { taskId: ref.slice(0, colon), recipientId: ref.slice(colon + 1) };
}

function groupBy<K>(rows: readonly AssignmentRow[], key: (row: AssignmentRow) => K): Map<K, AssignmentRow[]> {
  const out = new Map<K, AssignmentRow[]>();
  for (const row of rows) {
    const k = key(row);
    const list = out.get(k);
    if (list) list.push(row);
    else out.set(k, [row]);
  }
  return out;
}

/** One section's report and its per-unit lists, over `rows` at `asOf`. */
export function sectionReport(
  rows: readonly AssignmentRow[],
  lookup: ReportLookup,
  asOf: number,
): { report: SectionReport; lists: Map<string, BucketLists> } {
  const byUnit = groupBy(rows, (r) => lookup.unitOfRecipient(r));
  const units: UnitLine[] = rankUnits(byUnit, asOf).map((line) => {
    const unit = lookup.unit(line.unitId);
    return { ...line, name: unit?.name ?? line.unitId, group: groupOfKind(unit?.kind) };
  });
  const lists = new Map<string, BucketLists>();
  for (const [unitId, unitRows] of byUnit) {
    const list: BucketLists = { on_time: [], late: [], open: [], overdue: [] };
    for (const row of unitRows) {
      const bucket = bucketOf(row, asOf);
      if (bucket !== null) list[bucket].push(assignmentRef(row));
    }
    for (const b of BUCKETS) list[b].sort();
    lists.set(unitId, list);
  }
  const bySourceRows = groupBy(rows, (r) => r.sourceLevel);
  const bySource = SOURCE_LEVELS.filter((s) => bySourceRows.has(s)).map((key) => ({
    key,
    buckets: bucketCounts(bySourceRows.get(key) ?? [], asOf),
  }));
  const byGroupRows = groupBy(rows, (r) => groupOfKind(lookup.unit(lookup.unitOfRecipient(r))?.kind));
  const byGroup = GROUPS.filter((g) => byGroupRows.has(g)).map((key) => ({
    key,
    buckets: bucketCounts(byGroupRows.get(key) ?? [], asOf),
  }));
  const byIssuer = [...groupBy(rows, (r) => r.issuerId)]
    .map(([key, issued]) => ({ key, name: lookup.personName(key) ?? key, buckets: bucketCounts(issued, asOf) }))
    .sort((a, b) => total(b.buckets) - total(a.buckets) || (a.key < b.key ? -1 : 1))
    .slice(0, TOP_ISSUERS);
  const directives = [...groupBy(rows, (r) => r.taskId)]
    .map(([key, ofTask]) => ({ key, title: lookup.taskTitle(key) ?? key, buckets: bucketCounts(ofTask, asOf) }))
    .filter((d) => d.buckets.overdue > 0)
    .sort(
      (a, b) =>
        b.buckets.overdue - a.buckets.overdue ||
        (onTimeRate(a.buckets) ?? 2) - (onTimeRate(b.buckets) ?? 2) ||
        (a.key < b.key ? -1 : 1),
    )
    .slice(0, TOP_DIRECTIVES);
  return {
    report: {
      figures: figuresOf(rows, asOf),
      weekly: weeklyOnTime(rows, asOf),
      bySource,
      byGroup,
      byIssuer,
      units,
      directives,
    },
    lists,
  };
}

function total(b: BucketCounts): number {
  return b.on_time + b.late + b.open + b.overdue;
}

/**
 * Which rows belong to a unit's two sections: work it received (assigned to the unit itself) and
 * work it handed down (issued by it, or monitored by it from above: every task its members can
 * read as the issuer side). A person's work is in their own view, not their unit's: a unit's
 * principal cannot read it.
 */
export function receivedBy(row: AssignmentRow, unitIds: readonly string[]): boolean {
  return row.recipientKind === 'unit' && unitIds.includes(row.recipientId);
}

export function handedDownBy(row: AssignmentRow, unitIds: readonly string[]): boolean {
  return unitIds.includes(row.issuerUnitId) || row.monitorUnits.some((u) => unitIds.includes(u));
}
