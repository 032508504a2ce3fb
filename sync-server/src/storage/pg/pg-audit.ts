import type { PoolClient } from 'pg';
import type { AuditEntry } from '../doc-store.ts';
import { CONTROL_LOCK } from './pg-control.ts';

/** The writes' audit lines in PostgreSQL's own `audit_log` (the store used alone: bench, contract tests). */
export async function auditInTable(c: PoolClient, entries: readonly AuditEntry[], at: number): Promise<void> {
  if (entries.length === 0) return;
  await c.query(
    `INSERT INTO audit_log (at, actor_id, action, doc_id, detail)
     SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[])`,
    [
      at,
      entries.map((e) => e.actorId),
      entries.map((e) => e.action),
      entries.map((e) => e.docId),
      entries.map((e) => e.detail),
    ],
  );
}

/**
 * A relay's nodes (docs/scale-out.md, "The audit log on several nodes"): the batch's audit lines go
 * into the log of the relay's own records, in the batch's transaction, as the SQLite statement
 * SqliteDocStore runs. Every node applies them to its SQLite in the log's order, beside the
 * sign-ins and administrators' lines, so every node holds one audit log with the same ids and the
 * viewer pages through it on any node. Lock order: the append lock, then the log's.
 */
export async function auditInControlLog(c: PoolClient, entries: readonly AuditEntry[], at: number): Promise<void> {
  if (entries.length === 0) return;
  const statements = entries.map((e) => ({
    sql: 'INSERT INTO audit_log (at, actor_id, action, doc_id, detail) VALUES (?, ?, ?, ?, ?)',
    params: [at, e.actorId, e.action, e.docId, e.detail],
  }));
  await c.query(`SELECT pg_advisory_xact_lock(${CONTROL_LOCK})`);
  await c.query('INSERT INTO control_log (node, at, statements) VALUES ($1, $2, $3)', [
    'docs',
    at,
    JSON.stringify(statements),
  ]);
}
