import { decidingTime } from '@thongsuot/shared/model/receipts';
import { foldVietnamese } from '@thongsuot/shared/text/fold';
import type { TrackingRow } from './tracking-rows.ts';

/**
 * What the issuer's tracking shows of its rows (issue 17, item 12): filtered, searched, grouped
 * by unit group or status, sorted — pure, so a directive to 184 units reads as a few headers.
 */

/**
 * A recipient's states, least advanced first: the one list every status order comes from.
 * "sent" (Chưa nhận) is the state before the work reached any device of the recipient. A status
 * this list does not know ranks -1: first, where someone looks at it.
 */
export const STATUS_ORDER = ['sent', 'received', 'read', 'in_progress', 'reported', 'completed'] as const;

export function statusRank(status: string): number {
  return (STATUS_ORDER as readonly string[]).indexOf(status);
}

export const FILTERS = ['all', 'unread', 'late', 'extension', 'reported'] as const;
export type Filter = (typeof FILTERS)[number];

/** The rows each filter keeps; its chip counts them. Not read = before "read" in STATUS_ORDER. */
export const PASSES: Record<Filter, (r: TrackingRow) => boolean> = {
  all: () => true,
  unread: (r) => statusRank(r.status) < statusRank('read'),
  late: (r) => r.late,
  extension: (r) => r.asking,
  reported: (r) => r.status === 'reported',
};

/** The groups of recipients a City People's Committee thinks in, in the order it reads them. */
export const UNIT_GROUPS = ['ward', 'commune', 'special_zone', 'department', 'city', 'person', 'other'] as const;
export type UnitGroup = (typeof UNIT_GROUPS)[number];

const GROUP_OF_KIND: Readonly<Record<string, UnitGroup>> = {
  ward: 'ward',
  commune: 'commune',
  special_zone: 'special_zone',
  department: 'department',
  city: 'city',
  office: 'city',
};

/** A recipient's group from its kind (a person or a unit) and the unit's kind in the directory. */
export function unitGroupOf(recipientKind: string | undefined, unitKind: string | undefined): UnitGroup {
  if (recipientKind === 'person') return 'person';
  return (unitKind !== undefined ? GROUP_OF_KIND[unitKind] : undefined) ?? 'other';
}

/** A tracking row with what the view sorts and groups it by. */
export interface ViewRow extends TrackingRow {
  readonly name: string;
  readonly unitGroup: UnitGroup;
}

export const GROUPINGS = ['unit', 'status', 'none'] as const;
export type Grouping = (typeof GROUPINGS)[number];

export const SORT_KEYS = ['name', 'status', 'percent', 'deadline', 'read'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export interface SortOrder {
  readonly key: SortKey;
  readonly descending: boolean;
}

let collator: Intl.Collator | undefined;
type Compare = (a: ViewRow, b: ViewRow) => number;

/** Vietnamese order: "An" < "Ân" < "Dĩ An" < "Đa Kao" < "Phường 2" < "Phường 10". */
export function compareNames(a: string, b: string): number {
  // Made on first use: building a collator blocks a slowed phone for tens of ms at load.
  collator ??= new Intl.Collator('vi', { sensitivity: 'base', numeric: true });
  return collator.compare(a, b);
}

/** Nothing yet (no report, not read) before any value. */
function nullsFirst(x: number | null, y: number | null): number {
  if (x === null || y === null) return x === y ? 0 : x === null ? -1 : 1;
  return x - y;
}

export const firstReadAt = (r: TrackingRow): number | null => (r.read ? decidingTime(r.read.at) : null);

/** Each key's ascending order puts first what needs the issuer's attention. */
const COMPARE: Record<SortKey, Compare> = {
  name: (a, b) => compareNames(a.name, b.name),
  status: (a, b) => statusRank(a.status) - statusRank(b.status),
  percent: (a, b) => nullsFirst(a.percent, b.percent),
  // Late first, the longest overdue first; then the nearest deadline.
  deadline: (a, b) =>
    Number(b.late) - Number(a.late) || (a.deadline < b.deadline ? -1 : a.deadline > b.deadline ? 1 : 0),
  read: (a, b) => nullsFirst(firstReadAt(a), firstReadAt(b)),
};

/** A new array in `order`; ties by name (A to Z), then id, so the order never wobbles. */
export function sortRows(rows: readonly ViewRow[], order: SortOrder): ViewRow[] {
  const compare = COMPARE[order.key];
  const sign = order.descending ? -1 : 1;
  return [...rows].sort(
    (a, b) => sign * compare(a, b) || compareNames(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

/** The rows the filter keeps whose name holds the query (accents optional: "sai gon"). */
export function filterRows(rows: readonly ViewRow[], filter: Filter, query: string): ViewRow[] {
  const q = foldVietnamese(query.trim());
  return rows.filter((r) => PASSES[filter](r) && (!q || foldVietnamese(r.name).includes(q)));
}

export interface RowGroup {
  /** Unique across groupings ("unit:ward", "status:read"): what a collapsed group is kept by. */
  readonly id: string;
  /** The unit group or the status; "all" when not grouped. */
  readonly key: string;
  readonly rows: readonly ViewRow[];
  readonly late: number;
}

/** Rows (already sorted) into groups in their list's order; an unknown key comes first. */
export function groupRows(rows: readonly ViewRow[], by: Grouping): RowGroup[] {
  const late = (list: readonly ViewRow[]) => list.filter((r) => r.late).length;
  if (by === 'none') return [{ id: 'none:all', key: 'all', rows, late: late(rows) }];
  const keyOf = (r: ViewRow): string => (by === 'unit' ? r.unitGroup : r.status);
  const order: readonly string[] = by === 'unit' ? UNIT_GROUPS : STATUS_ORDER;
  const buckets = new Map<string, ViewRow[]>();
  for (const r of rows) {
    const key = keyOf(r);
    const bucket = buckets.get(key);
    if (bucket) bucket.push(r);
    else buckets.set(key, [r]);
  }
  return [...buckets.entries()]
    .sort(([x], [y]) => order.indexOf(x) - order.indexOf(y) || (x < y ? -1 : x > y ? 1 : 0))
    .map(([key, list]) => ({ id: `${by}:${key}`, key, rows: list, late: late(list) }));
}

/** Grouped by unit group when the recipients span more than one; a plain list otherwise. */
export function defaultGrouping(rows: readonly ViewRow[]): Grouping {
  return new Set(rows.map((r) => r.unitGroup)).size > 1 ? 'unit' : 'none';
}
