import type { UnitKind } from '../org/org-unit.ts';
import { SOURCE_LEVELS, type SourceLevel } from '../org/source-level.ts';
import type { AssignmentRow } from './assignment-row.ts';
import {
  BUCKETS,
  type Bucket,
  type BucketCounts,
  bucketOf,
  emptyBuckets,
  type Figures,
  FiguresAccumulator,
  onTimeRate,
  RANKING_PERIOD_MS,
  type RankedUnit,
  rankCounts,
  type WeekFigure,
  WeeklyAccumulator,
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

function countIn<K>(map: Map<K, BucketCounts>, key: K, bucket: Bucket): void {
  let counts = map.get(key);
  if (!counts) {
    counts = emptyBuckets();
    map.set(key, counts);
  }
  counts[bucket]++;
}

/**
 * One section's report and its per-unit lists, over `rows` at `asOf`. Each row is classified once
 * now and once a period ago, and feeds every breakdown in the same pass: the city's section holds
 * tens of thousands of rows and is recomputed after its writes.
 */
export function sectionReport(
  rows: readonly AssignmentRow[],
  lookup: ReportLookup,
  asOf: number,
): { report: SectionReport; lists: Map<string, BucketLists> } {
  const previous = asOf - RANKING_PERIOD_MS;
  const figures = new FiguresAccumulator(asOf);
  const weekly = new WeeklyAccumulator(asOf);
  const unitNow = new Map<string, BucketCounts>();
  const unitThen = new Map<string, BucketCounts>();
  const bySource = new Map<SourceLevel, BucketCounts>();
  const byGroup = new Map<Group, BucketCounts>();
  const byIssuer = new Map<string, BucketCounts>();
  const byTask = new Map<string, BucketCounts>();
  const lists = new Map<string, BucketLists>();
  const groupOfUnit = new Map<string, Group>();
  for (const row of rows) {
    const now = bucketOf(row, asOf);
    const unitId = lookup.unitOfRecipient(row);
    const then = bucketOf(row, previous);
    if (then !== null) countIn(unitThen, unitId, then);
    if (now === null) continue;
    figures.add(row, now);
    weekly.add(row, now);
    countIn(unitNow, unitId, now);
    countIn(bySource, row.sourceLevel, now);
    let group = groupOfUnit.get(unitId);
    if (group === undefined) {
      group = groupOfKind(lookup.unit(unitId)?.kind);
      groupOfUnit.set(unitId, group);
    }
    countIn(byGroup, group, now);
    countIn(byIssuer, row.issuerId, now);
    countIn(byTask, row.taskId, now);
    let list = lists.get(unitId);
    if (!list) {
      list = { on_time: [], late: [], open: [], overdue: [] };
      lists.set(unitId, list);
    }
    list[now].push(assignmentRef(row));
  }
  for (const list of lists.values()) for (const b of BUCKETS) list[b].sort();
  const units: UnitLine[] = rankCounts(
    [...new Set([...unitNow.keys(), ...unitThen.keys()])].map((unitId) => ({
      unitId,
      now: unitNow.get(unitId) ?? emptyBuckets(),
      before: unitThen.get(unitId) ?? emptyBuckets(),
    })),
  ).map((line) => {
    const unit = lookup.unit(line.unitId);
    return { ...line, name: unit?.name ?? line.unitId, group: groupOfKind(unit?.kind) };
  });
  const issuers = [...byIssuer]
    .map(([key, buckets]) => ({ key, name: lookup.personName(key) ?? key, buckets }))
    .sort((a, b) => total(b.buckets) - total(a.buckets) || (a.key < b.key ? -1 : 1))
    .slice(0, TOP_ISSUERS);
  const directives = [...byTask]
    .filter(([, buckets]) => buckets.overdue > 0)
    .sort(
      ([ka, a], [kb, b]) => b.overdue - a.overdue || (onTimeRate(a) ?? 2) - (onTimeRate(b) ?? 2) || (ka < kb ? -1 : 1),
    )
    .slice(0, TOP_DIRECTIVES)
    .map(([key, buckets]) => ({ key, title: lookup.taskTitle(key) ?? key, buckets }));
  return {
    report: {
      figures: figures.result(),
      weekly: weekly.result(),
      bySource: SOURCE_LEVELS.filter((k) => bySource.has(k)).map((key) => ({
        key,
        buckets: bySource.get(key) as BucketCounts,
      })),
      byGroup: GROUPS.filter((g) => byGroup.has(g)).map((key) => ({ key, buckets: byGroup.get(key) as BucketCounts })),
      byIssuer: issuers,
      units,
      directives,
    },
    lists,
  };
}

function total(b: BucketCounts): number {
  return b.on_time + b.late + b.open + b.overdue;
}
