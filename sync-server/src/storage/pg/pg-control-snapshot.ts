import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import type { SqliteDatabase } from '../sqlite-database.ts';

/** Taken (session-level, not waited for) by the node making a snapshot: one at a time. */
export const SNAPSHOT_LOCK = 7_301_220_263;
const PART_BYTES = 8 * 1024 * 1024;

const tempFile = () => join(tmpdir(), `thongsuot-snapshot-${randomBytes(6).toString('hex')}.sqlite`);

/** A consistent copy of `raw` (SQLite's own `VACUUM INTO`: compact, no transaction open). */
export function copyOf(raw: SqliteDatabase): Buffer {
  const file = tempFile();
  try {
    raw.prepare('VACUUM INTO ?').run(file);
    return readFileSync(file);
  } finally {
    rmSync(file, { force: true });
  }
}

/**
 * Stores `bytes` (a node's copy, having applied the log up to `seq`) as the log's snapshot, and
 * deletes the log up to it and older snapshots, in one transaction. False when another node is
 * storing one.
 */
export async function storeSnapshot(bytes: Buffer, pool: pg.Pool, seq: number): Promise<boolean> {
  const client = await pool.connect();
  let broken = false;
  try {
    const { rows } = await client.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock(${SNAPSHOT_LOCK}) AS ok`);
    if (!rows[0]?.ok) return false;
    try {
      await client.query('BEGIN');
      const at = Date.now();
      for (let part = 0, offset = 0; offset < bytes.length || part === 0; part++, offset += PART_BYTES) {
        await client.query('INSERT INTO control_snapshots (seq, part, data, taken_at) VALUES ($1, $2, $3, $4)', [
          seq,
          part,
          bytes.subarray(offset, offset + PART_BYTES),
          at,
        ]);
      }
      await client.query('DELETE FROM control_snapshots WHERE seq < $1', [seq]);
      await client.query('DELETE FROM control_log WHERE seq <= $1', [seq]);
      await client.query('COMMIT');
      return true;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      await client.query(`SELECT pg_advisory_unlock(${SNAPSHOT_LOCK})`).catch(() => {
        broken = true;
      });
    }
  } finally {
    client.release(broken);
  }
}

/**
 * Replaces every table of `raw` by the snapshot's, in one transaction: what the node had applied
 * is behind the snapshot and the log before it is gone. The snapshot carries `control_applied`,
 * so the node then applies the log from the snapshot's number. Its schema must be this node's.
 */
export async function restoreSnapshot(
  raw: SqliteDatabase,
  reader: pg.Pool | pg.PoolClient,
  seq: number,
): Promise<void> {
  const { rows } = await reader.query<{ data: Buffer }>(
    'SELECT data FROM control_snapshots WHERE seq = $1 ORDER BY part',
    [seq],
  );
  if (rows.length === 0) throw new Error(`snapshot ${seq} of the control log is gone (a newer one replaced it)`);
  const file = tempFile();
  writeFileSync(file, Buffer.concat(rows.map((r) => r.data)));
  try {
    raw.prepare('ATTACH DATABASE ? AS snap').run(file);
    try {
      const theirs = raw.pragma('snap.user_version', { simple: true });
      const ours = raw.pragma('main.user_version', { simple: true });
      if (theirs !== ours) {
        throw new Error(
          `Bản chụp dữ liệu của cụm máy chủ ở phiên bản lược đồ ${theirs}, máy này ở ${ours}: hãy chạy cùng một phiên bản trên mọi máy.`,
        );
      }
      const tables = raw
        .prepare(
          "SELECT name FROM snap.sqlite_master WHERE type = 'table' AND (name NOT LIKE 'sqlite_%' OR name = 'sqlite_sequence')",
        )
        .pluck()
        .all() as string[];
      // Tables go in any order, with the references checked once all are copied (the pragma
      // cannot change inside a transaction).
      raw.pragma('foreign_keys = OFF');
      try {
        raw.transaction(() => {
          for (const table of tables) {
            const name = `"${table.replaceAll('"', '""')}"`;
            raw.exec(`DELETE FROM main.${name}; INSERT INTO main.${name} SELECT * FROM snap.${name};`);
          }
          if ((raw.pragma('main.foreign_key_check') as unknown[]).length > 0) {
            throw new Error('the snapshot of the control log does not hold together (foreign_key_check)');
          }
        })();
      } finally {
        raw.pragma('foreign_keys = ON');
      }
    } finally {
      raw.exec('DETACH DATABASE snap');
    }
  } finally {
    rmSync(file, { force: true });
  }
}
