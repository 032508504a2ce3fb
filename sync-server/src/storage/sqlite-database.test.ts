import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openDatabase } from './sqlite-database.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

it('keeps WAL and synchronous=FULL when an existing WAL database is reopened', () => {
  const dir = mkdtempSync(join(tmpdir(), 'thongsuot-db-'));
  dirs.push(dir);
  const path = join(dir, 'x.sqlite');
  const first = openDatabase(path);
  first.prepare('INSERT INTO units (id, name, kind) VALUES (?, ?, ?)').run('a', 'A', 'ward');
  first.close();
  const reopened = openDatabase(path);
  expect(reopened.pragma('journal_mode', { simple: true })).toBe('wal');
  expect(reopened.pragma('synchronous', { simple: true })).toBe(2); // FULL
  expect(reopened.prepare('SELECT COUNT(*) FROM units').pluck().get()).toBe(1);
  reopened.close();
});
