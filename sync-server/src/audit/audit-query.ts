import { controlOf } from '../storage/control-writes.ts';
import type { SqliteDatabase } from '../storage/sqlite-database.ts';
import type { AuditLog } from './audit-log.ts';

/** What the audit viewer filters by (docs/operations.md "Audit log"); every field optional. */
export interface AuditFilter {
  /** A person's id or username: what they did. */
  readonly person?: string;
  /** A unit's id: what its people did. */
  readonly unitId?: string;
  /** A doc's id (`task/…`), or a kind's prefix (`task/`). */
  readonly docId?: string;
  /** An action, or a family of them ending in a dot (`task.`, `session.`, `admin.`). */
  readonly action?: string;
  /** Milliseconds since the epoch, inclusive. */
  readonly from?: number;
  /** Milliseconds since the epoch, exclusive. */
  readonly to?: number;
  /** Lines older than this one (its id): the next page. */
  readonly before?: number;
  readonly limit?: number;
}

export interface AuditRow {
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

export const MAX_AUDIT_PAGE = 1000;

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Newest first, paged by id. Indexed by time, by actor and by doc (migration 8); a unit's lines
 * are its people's (joined through `users`).
 */
export function queryAudit(db: SqliteDatabase, filter: AuditFilter): { rows: AuditRow[]; more: boolean } {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (filter.person) {
    where.push('(a.actor_id = ? OR u.username = ?)');
    params.push(filter.person, filter.person.toLowerCase());
  }
  if (filter.unitId) {
    where.push('u.unit_id = ?');
    params.push(filter.unitId);
  }
  if (filter.docId) {
    if (filter.docId.endsWith('/')) {
      where.push("a.doc_id LIKE ? ESCAPE '\\'");
      params.push(`${escapeLike(filter.docId)}%`);
    } else {
      where.push('a.doc_id = ?');
      params.push(filter.docId);
    }
  }
  if (filter.action) {
    if (filter.action.endsWith('.')) {
      where.push("a.action LIKE ? ESCAPE '\\'");
      params.push(`${escapeLike(filter.action)}%`);
    } else {
      where.push('a.action = ?');
      params.push(filter.action);
    }
  }
  if (filter.from !== undefined) {
    where.push('a.at >= ?');
    params.push(filter.from);
  }
  if (filter.to !== undefined) {
    where.push('a.at < ?');
    params.push(filter.to);
  }
  if (filter.before !== undefined) {
    where.push('a.id < ?');
    params.push(filter.before);
  }
  const limit = Math.min(Math.max(1, filter.limit ?? 100), MAX_AUDIT_PAGE);
  const sql = `SELECT a.id, a.at, a.actor_id AS actorId, u.full_name AS actorName, u.username AS actorUsername,
      u.unit_id AS unitId, n.name AS unitName, a.action, a.doc_id AS docId, a.detail
    FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id LEFT JOIN units n ON n.id = u.unit_id
    ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY a.id DESC LIMIT ?`;
  const rows = db.prepare(sql).all(...params, limit + 1) as AuditRow[];
  return { rows: rows.slice(0, limit), more: rows.length > limit };
}

/**
 * Deletes lines older than `retentionMs` before `now`, in batches of `batch` so the main thread
 * never holds the write lock for long; returns how many went.
 */
export async function purgeAudit(db: SqliteDatabase, now: number, retentionMs: number, batch = 5000): Promise<number> {
  const remove = db.prepare(
    'DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log WHERE at < ? ORDER BY id LIMIT ?)',
  );
  const control = controlOf(db);
  let total = 0;
  for (;;) {
    const { changes } = await control.run(() => remove.run(now - retentionMs, batch));
    total += changes;
    if (changes < batch) return total;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Purges at once and then every six hours; returns the timer (cleared when the relay closes). */
export function startAuditPurge(
  db: SqliteDatabase,
  audit: AuditLog,
  now: () => number,
  retentionDays: number,
  onError: (error: unknown) => void,
): NodeJS.Timeout {
  const purge = async () => {
    const removed = await purgeAudit(db, now(), retentionDays * 86_400_000);
    if (removed > 0) await audit.record({ actorId: null, action: 'audit.purge', detail: String(removed) });
  };
  const timer = setInterval(() => void purge().catch(onError), 6 * 3_600_000);
  timer.unref();
  void purge().catch(onError);
  return timer;
}
