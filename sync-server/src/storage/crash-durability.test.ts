import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { postMessage, readConversation, syncUpdate } from '@thongsuot/shared';
import Database from 'better-sqlite3';
import { type BuildOptions, build } from 'esbuild';
import { afterAll, beforeAll, expect, it } from 'vitest';
import * as Y from 'yjs';
import { changeOf, newConversation } from '../testing/fixtures.ts';
import { isAck, TestPeer } from '../testing/test-peer.ts';

/**
 * docs/design.md §3: an ack means "on disk". The relay runs as a child process (an esbuild bundle,
 * so a restart is quick); several clients stream writes; the child is killed with SIGKILL at a
 * random moment; after each kill the database must hold every update that was acknowledged.
 */
const CYCLES = Number(process.env.CRASH_CYCLES ?? 200);
const WRITERS = ['w1', 'w2', 'w3', 'w4'];
const here = fileURLToPath(new URL('.', import.meta.url));
const buildDir = join(here, '../../node_modules/.cache/crash-test');
let dir = '';

/** Seeded PRNG (mulberry32) so a failing run can be replayed with CRASH_SEED. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

beforeAll(async () => {
  mkdirSync(buildDir, { recursive: true });
  dir = mkdtempSync(join(tmpdir(), 'thongsuot-crash-'));
  const common: BuildOptions = {
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['better-sqlite3'],
    // Smaller bundles parse faster: each of the 200 restarts loads all three.
    minify: true,
  };
  const banner = { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" };
  await build({
    ...common,
    banner,
    entryPoints: [join(here, '../testing/crash-child.ts')],
    outfile: join(buildDir, 'child.mjs'),
  });
  await build({
    ...common,
    banner,
    entryPoints: [join(here, '../engine/engine-worker.ts')],
    outfile: join(buildDir, 'worker.mjs'),
  });
  await build({
    ...common,
    banner,
    entryPoints: [join(here, 'sqlite-writer.ts')],
    outfile: join(buildDir, 'writer.mjs'),
  });
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function startChild(db: string, port: number): Promise<{ child: ChildProcess; port: number }> {
  const bundles = ['worker.mjs', 'writer.mjs'].map((name) => join(buildDir, name));
  const child = spawn(process.execPath, [join(buildDir, 'child.mjs'), db, String(port), ...bundles], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /ready (\d+)/.exec(out);
      if (match) resolve({ child, port: Number(match[1]) });
    });
    child.once('exit', (code) => reject(new Error(`child exited with ${code} before it was ready`)));
  });
}

/**
 * Every message id stored for the given conversations (all of them when `only` is absent), read
 * from the database as a restart would.
 */
function storedMessages(dbPath: string, only?: readonly string[]): Map<string, Set<string>> {
  const db = new Database(dbPath);
  const out = new Map<string, Set<string>>();
  try {
    const where = only ? `WHERE doc_id IN (${only.map(() => '?').join(',')})` : '';
    const rows = db.prepare(`SELECT doc_id, data FROM doc_updates ${where} ORDER BY seq`).all(...(only ?? [])) as {
      doc_id: string;
      data: Buffer;
    }[];
    const docs = new Map<string, Y.Doc>();
    for (const row of rows) {
      let doc = docs.get(row.doc_id);
      if (!doc) {
        doc = new Y.Doc();
        docs.set(row.doc_id, doc);
      }
      Y.applyUpdate(doc, row.data);
    }
    for (const [docId, doc] of docs) {
      const conv = readConversation(doc);
      expect(conv, `${docId} must stay readable`).not.toBeNull();
      out.set(docId, new Set(conv?.messages.map((m) => m.id)));
    }
  } finally {
    db.close();
  }
  return out;
}

it(`keeps every acknowledged update through ${CYCLES} kill -9 restarts`, async () => {
  const random = prng(Number(process.env.CRASH_SEED ?? 20260501));
  const dbPath = join(dir, 'relay.sqlite');
  let port = 0;
  /** docId -> message ids the server acknowledged. */
  const acked = new Map<string, Set<string>>();
  let totalAcked = 0;
  let totalSent = 0;
  for (let cycle = 0; cycle < CYCLES; cycle++) {
    const started = await startChild(dbPath, port);
    port = started.port;
    const peers = await Promise.all(
      WRITERS.map((w) => TestPeer.connect(`ws://127.0.0.1:${port}/sync`, { authorization: `Bearer token-${w}` })),
    );
    let firstAck!: () => void;
    const acknowledged = new Promise<void>((resolve) => {
      firstAck = resolve;
    });
    for (const peer of peers) peer.onMessage((m) => isAck(m) && firstAck());
    // Each writer starts a conversation and streams messages to it without waiting for acks.
    const streams = peers.map(async (peer, i) => {
      const writer = WRITERS[i] as string;
      const docId = `conv/c-${writer}-${cycle}`;
      const live = newConversation(`c-${writer}-${cycle}`, writer, [writer, 'u-vanphong']);
      acked.set(docId, new Set());
      const refs = new Map<number, string>();
      let ref = 1;
      peer.send({ type: 'sync', docId, ref, payload: syncUpdate(Y.encodeStateAsUpdate(live)) });
      refs.set(ref, '');
      const count = 20 + Math.floor(random() * 200);
      for (let n = 0; n < count; n++) {
        const id = `m${cycle}x${n}`;
        const change = changeOf(live, (d) =>
          postMessage(d, { id, by: writer, at: 1_700_000_000_000 + n, text: `Tin ${n}` }),
        );
        peer.send({ type: 'sync', docId, ref: ++ref, payload: syncUpdate(change) });
        refs.set(ref, id);
        if (n % 20 === 0) await new Promise((r) => setImmediate(r));
      }
      totalSent += refs.size;
      return { peer, refs, docId };
    });
    // Kill at a random moment while the writes stream in and commit: once the first ack is
    // out, within the next 80 ms.
    const killAfter = Math.floor(random() * 80);
    const running = await Promise.all(streams);
    await acknowledged;
    await new Promise((r) => setTimeout(r, killAfter));
    started.child.kill('SIGKILL');
    await new Promise((r) => started.child.once('exit', r));
    for (const { peer, refs, docId } of running) {
      for (const message of peer.received) {
        if (!isAck(message)) continue;
        for (const r of message.refs) {
          const id = refs.get(r);
          if (id) acked.get(docId)?.add(id);
          totalAcked++;
        }
      }
      peer.close();
    }
    // This cycle's conversations after every kill; every earlier one too every 10th cycle and at
    // the end (a later crash must not lose what was on disk before it). Reading the whole
    // database after every kill made the test quadratic in the number of cycles.
    const everything = cycle % 10 === 9 || cycle === CYCLES - 1;
    const checked = everything ? [...acked.keys()] : running.map((r) => r.docId);
    const stored = storedMessages(dbPath, everything ? undefined : checked);
    for (const docId of checked) {
      const ids = acked.get(docId) ?? new Set<string>();
      const onDisk = stored.get(docId) ?? new Set();
      const missing = [...ids].filter((id) => !onDisk.has(id));
      expect(missing, `cycle ${cycle}: acknowledged but lost in ${docId}`).toEqual([]);
    }
  }
  console.log(`crash test: ${CYCLES} kills, ${totalAcked} acks checked, ${totalSent} writes sent`);
  expect(totalAcked).toBeGreaterThan(CYCLES);
}, 900_000);
