import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeDocStoreContract } from './doc-store.contract.ts';
import { MemoryDocStore } from './memory-doc-store.ts';
import { openDatabase } from './sqlite-database.ts';
import { SqliteDocStore } from './sqlite-doc-store.ts';
import { ThreadedSqliteStore } from './threaded-sqlite-store.ts';

describeDocStoreContract('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'thongsuot-store-'));
  const path = join(dir, 'store.sqlite');
  let store = new SqliteDocStore(openDatabase(path));
  return {
    store,
    async reopen() {
      await store.close();
      store = new SqliteDocStore(openDatabase(path));
      return store;
    },
    async dispose() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describeDocStoreContract('SQLite, writes on a writer thread', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'thongsuot-store-'));
  const path = join(dir, 'store.sqlite');
  const open = () => new ThreadedSqliteStore(path, new SqliteDocStore(openDatabase(path)));
  let store = open();
  return {
    store,
    async reopen() {
      await store.close();
      store = open();
      return store;
    },
    async dispose() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describeDocStoreContract('in-memory', async () => ({ store: new MemoryDocStore(), dispose: async () => {} }));
