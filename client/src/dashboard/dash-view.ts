import { type Dashboard, SECTIONS, type Section } from '@thongsuot/shared/dashboard/dash-doc';
import {
  BUCKETS,
  type Bucket,
  type BucketCounts,
  type Figures,
  type WeekFigure,
} from '@thongsuot/shared/dashboard/measures';
import { parseAssignmentRef, type SectionReport, type UnitLine } from '@thongsuot/shared/dashboard/scope-report';
import { compareVi } from '../i18n/collate.ts';
import type { TaskRow } from '../store/local-db.ts';

/**
 * What the leaders' dashboard shows, from the unit's `dash/<unitId>` doc (docs/design.md §14):
 * pure functions from the report to what is on screen, so the page only lays them out.
 */

/** Where the person is in the page: a section, a bucket of it, a unit's assignments in it. */
export interface DrillState {
  readonly section: Section | null;
  readonly bucket: Bucket | null;
  readonly unitId: string | null;
}

/** The drill state of the page's query string (`?s=handed&b=overdue&u=<unitId>`). */
export function parseDrill(search: string): DrillState {
  const query = new URLSearchParams(search);
  const s = query.get('s');
  const b = query.get('b');
  const u = query.get('u');
  const section = (SECTIONS as readonly string[]).includes(s ?? '') ? (s as Section) : null;
  const bucket = (BUCKETS as readonly string[]).includes(b ?? '') ? (b as Bucket) : null;
  return { section, bucket, unitId: bucket && u ? u : null };
}

/** The page's address for a drill state: Back returns to the previous step, a reload keeps it. */
export function drillHref(section: Section, bucket: Bucket | null = null, unitId: string | null = null): string {
  const query = new URLSearchParams({ s: section });
  if (bucket) query.set('b', bucket);
  if (bucket && unitId) query.set('u', unitId);
  return `/dashboard?${query}`;
}

export function totalOf(b: BucketCounts): number {
  return b.on_time + b.late + b.open + b.overdue;
}

/** Whether a section's report counts any assignment. */
export function hasRows(report: SectionReport | null): boolean {
  return report !== null && report.figures.total > 0;
}

/** The section shown: the one asked for, else work handed down when it has any, else work received. */
export function chooseSection(dash: Dashboard, asked: Section | null): Section {
  if (asked) return asked;
  return hasRows(dash.handed) || !hasRows(dash.received) ? 'handed' : 'received';
}

export interface BucketTile {
  readonly bucket: Bucket;
  readonly count: number;
  /** Of all the section's assignments; null when there are none. */
  readonly share: number | null;
}

export function bucketTiles(figures: Pick<Figures, 'total' | 'buckets'>): BucketTile[] {
  return BUCKETS.map((bucket) => ({
    bucket,
    count: figures.buckets[bucket],
    share: figures.total > 0 ? figures.buckets[bucket] / figures.total : null,
  }));
}

export interface UnitCount {
  readonly unitId: string;
  readonly name: string;
  readonly count: number;
}

/** The units holding assignments in a bucket, most first. */
export function unitsInBucket(report: SectionReport, bucket: Bucket): UnitCount[] {
  return report.units
    .filter((u) => u.buckets[bucket] > 0)
    .map((u) => ({ unitId: u.unitId, name: u.name, count: u.buckets[bucket] }))
    .sort((a, b) => b.count - a.count || compareVi(a.name, b.name));
}

/**
 * The unit a bucket opens onto directly, with no list of units in between: work received is the
 * person's own unit's, the only unit of the section (several after a merge: then the list).
 */
export function soleUnit(dash: Dashboard, section: Section): string | null {
  if (section !== 'received') return null;
  const units = dash.received?.units ?? [];
  if (units.length > 1) return null;
  return units[0]?.unitId ?? dash.unitId;
}

export interface AssignmentRef {
  readonly ref: string;
  readonly taskId: string;
  readonly recipientId: string;
}

/** A unit's assignments in a bucket, as the relay listed them; null when no list is on the device. */
export function assignmentsIn(
  dash: Dashboard,
  section: Section,
  unitId: string,
  bucket: Bucket,
): AssignmentRef[] | null {
  const lists = dash.list(section, unitId);
  if (!lists) return null;
  return (lists[bucket] ?? []).flatMap((ref) => {
    const parsed = parseAssignmentRef(ref);
    return parsed ? [{ ref, ...parsed }] : [];
  });
}

/** What the device holds of an assignment's task (the local `tasks` rows). */
export interface TaskInfo {
  readonly title: string;
  /** The deadline the recipient works to. */
  readonly deadline: string;
}

/** The title and the recipient's deadline of each assignment whose task is on the device. */
export function taskInfoOf(
  refs: readonly AssignmentRef[],
  rows: readonly (Pick<TaskRow, 'docId' | 'title' | 'deadline' | 'recipientIds' | 'deadlines'> | undefined)[],
): Map<string, TaskInfo> {
  const byDoc = new Map(rows.flatMap((r) => (r ? [[r.docId, r] as const] : [])));
  const out = new Map<string, TaskInfo>();
  for (const { ref, taskId, recipientId } of refs) {
    const row = byDoc.get(`task/${taskId}`);
    if (!row) continue;
    const i = row.recipientIds.indexOf(recipientId);
    out.set(ref, { title: row.title, deadline: (i >= 0 ? row.deadlines?.[i] : undefined) ?? row.deadline });
  }
  return out;
}

/** The on-time rate of each week (0..1); null for a week where nothing fell due (a gap). */
export function weeklyRates(weekly: readonly WeekFigure[]): (number | null)[] {
  return weekly.map((w) => (w.due > 0 ? w.onTime / w.due : null));
}

/** The units with the most overdue assignments (those with none left out). */
export function topOverdue(units: readonly UnitLine[], n = 10): UnitLine[] {
  return units.filter((u) => u.buckets.overdue > 0).slice(0, n);
}

/** Places moved in the overdue ranking since the previous period: > 0 up (more overdue), < 0 down. */
export function rankMove(line: Pick<UnitLine, 'overdueRank' | 'previousOverdueRank'>): number {
  return line.previousOverdueRank - line.overdueRank;
}

/** The change of the on-time rate since the previous period, in percentage points; null if unknown. */
export function ratePoints(line: Pick<UnitLine, 'onTimeRate' | 'previous'>): number | null {
  if (line.onTimeRate === null || line.previous.onTimeRate === null) return null;
  return Math.round((line.onTimeRate - line.previous.onTimeRate) * 1000) / 10;
}
