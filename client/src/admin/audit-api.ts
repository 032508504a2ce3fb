import { VIETNAM_OFFSET_MS } from '@thongsuot/shared/model/receipts';
/** One audit line as the relay sends it (sync-server/src/plugins/audit-routes.ts). */
export interface AuditLine {
  readonly id: number;
  readonly at: number;
  readonly actorId: string | null;
  readonly actorName: string | null;
  readonly actorUsername: string | null;
  readonly unitId: string | null;
  readonly unitName: string | null;
  readonly action: string;
  readonly docId: string | null;
  readonly detail: string | null;
}

export interface AuditFilterInput {
  readonly person?: string;
  readonly unitId?: string;
  readonly docId?: string;
  readonly action?: string;
  /** `YYYY-MM-DD`, Vietnam time, inclusive. */
  readonly fromDate?: string;
  /** `YYYY-MM-DD`, Vietnam time, inclusive. */
  readonly toDate?: string;
}

export interface AuditPage {
  readonly rows: AuditLine[];
  readonly more: boolean;
  readonly retentionDays: number;
}

const DAY_MS = 86_400_000;

/** Midnight of a Vietnam-time day, in ms since the epoch. */
export function vietnamDayStart(isoDate: string): number {
  const [y, m, d] = isoDate.split('-').map(Number);
  return Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1) - VIETNAM_OFFSET_MS;
}

/** The query string the relay takes for a filter, a page size and where the previous page ended. */
export function auditQuery(filter: AuditFilterInput, limit: number, before?: number): string {
  const q = new URLSearchParams();
  const put = (key: string, value: string | undefined) => {
    const v = value?.trim();
    if (v) q.set(key, v);
  };
  put('person', filter.person);
  put('unitId', filter.unitId);
  put('docId', filter.docId);
  put('action', filter.action);
  let from = filter.fromDate ? vietnamDayStart(filter.fromDate) : undefined;
  let to = filter.toDate ? vietnamDayStart(filter.toDate) + DAY_MS : undefined;
  if (from !== undefined && to !== undefined && from >= to) [from, to] = [to - DAY_MS, from + DAY_MS];
  if (from !== undefined) q.set('from', String(from));
  if (to !== undefined) q.set('to', String(to));
  q.set('limit', String(limit));
  if (before !== undefined) q.set('before', String(before));
  return q.toString();
}

export class AuditError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function fetchAuditPage(filter: AuditFilterInput, limit: number, before?: number): Promise<AuditPage> {
  const response = await fetch(`/api/audit?${auditQuery(filter, limit, before)}`, { credentials: 'same-origin' });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { message?: string } | null;
    throw new AuditError(response.status, body?.message ?? String(response.status));
  }
  return (await response.json()) as AuditPage;
}

/** Every line matching the filter, newest first, up to `cap`, a thousand per request. */
export async function fetchAllAudit(
  filter: AuditFilterInput,
  cap: number,
  onProgress: (count: number) => void,
): Promise<{ rows: AuditLine[]; capped: boolean }> {
  const rows: AuditLine[] = [];
  let before: number | undefined;
  for (;;) {
    const page = await fetchAuditPage(filter, Math.min(1000, cap - rows.length), before);
    rows.push(...page.rows);
    onProgress(rows.length);
    if (!page.more) return { rows, capped: false };
    if (rows.length >= cap) return { rows, capped: true };
    before = page.rows.at(-1)?.id;
  }
}
