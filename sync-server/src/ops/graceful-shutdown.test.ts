import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_PASSWORD, isRetryableError, syncUpdate } from '@thongsuot/shared';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { newTask } from '../testing/fixtures.ts';
import { isAck, isError, TestPeer } from '../testing/test-peer.ts';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

const serverDir = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'thongsuot-sigterm-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function start(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: serverDir,
    env: { ...process.env, PORT: '0', DATA_DIR: dir, SEED_DEMO: '1', LOG: '0', PUSH: 'off' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const match = /running at (http:\/\/[\d.:]+)/.exec(out);
      if (match) resolve({ child, url: match[1] as string });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`relay exited with ${code}: ${out}`)));
  });
}

async function signIn(url: string, username: string): Promise<string> {
  const response = await fetch(`${url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  const cookie = /ts_session=[^;]+/.exec(response.headers.get('set-cookie') ?? '')?.[0];
  if (!cookie) throw new Error(`sign-in failed: ${response.status}`);
  return cookie;
}

describe('graceful shutdown on SIGTERM (docs/operations.md)', () => {
  it('answers every write it took — acked and on disk, or refused as retryable — and commits nothing unanswered', async () => {
    const { child, url } = await start();
    const wsUrl = `${url.replace('http', 'ws')}/sync`;
    const peers = await Promise.all(
      [1, 2, 3].map(async () => TestPeer.connect(wsUrl, { cookie: await signIn(url, 'vanphong') })),
    );
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const closes = peers.map((p) => p.closed());
    // Each peer streams writes (a new task each) until its socket closes; SIGTERM goes after the
    // first acks, while writes are still arriving.
    const sent = new Map<string, { peer: number; ref: number }>();
    let firstAck: () => void = () => {};
    const acked = new Promise<void>((resolve) => {
      firstAck = resolve;
    });
    for (const p of peers) p.onMessage((m) => isAck(m) && firstAck());
    let stop = false;
    const streams = peers.map(async (p, i) => {
      for (let n = 1; n <= 400 && !stop; n++) {
        const id = `s${i}-${n}`;
        sent.set(`task/${id}`, { peer: i, ref: n });
        p.send({ type: 'sync', docId: `task/${id}`, ref: n, payload: syncUpdate(Y.encodeStateAsUpdate(newTask(id))) });
        if (n % 10 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
    });
    await acked;
    child.kill('SIGTERM');
    const codes = await Promise.all(closes);
    stop = true;
    await Promise.all(streams);
    expect(await exited).toBe(0);
    expect(codes.every((c) => c === 1012)).toBe(true);

    const answers = new Map<string, 'ack' | string>();
    peers.forEach((p, i) => {
      for (const m of p.received) {
        if (isAck(m)) for (const ref of m.refs) answers.set(`task/s${i}-${ref}`, 'ack');
        if (isError(m) && m.docId) answers.set(m.docId, m.code);
      }
    });
    const db = new Database(join(dir, 'thongsuot.sqlite'), { readonly: true });
    const stored = new Set(
      (db.prepare("SELECT doc_id FROM docs WHERE doc_id LIKE 'task/s%'").pluck().all() as string[]).filter((id) =>
        sent.has(id),
      ),
    );
    db.close();
    const ackedIds = [...answers].filter(([, a]) => a === 'ack').map(([id]) => id);
    expect(ackedIds.length).toBeGreaterThan(0);
    // Every ack is on disk; nothing is on disk that was not acked (no write taken and left unanswered).
    for (const id of ackedIds) expect(stored.has(id)).toBe(true);
    for (const id of stored) expect(answers.get(id)).toBe('ack');
    // Every refusal says "send it again", so the device keeps the change.
    const refusals = [...answers.values()].filter((a) => a !== 'ack');
    for (const code of refusals) expect(isRetryableError(code as never)).toBe(true);
  });
});
