import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_PASSWORD } from '@thongsuot/shared';
import { afterAll, expect, it, vi } from 'vitest';
import { freePort } from '../testing/free-port.ts';
import { sha256Hex, tusUpload } from '../testing/tus-upload.ts';

vi.setConfig({ testTimeout: 120_000 });

/**
 * docs/design.md §13: an upload survives the relay being killed. The real server (src/main.ts)
 * runs as a child process on a data directory; it is killed with SIGKILL while a PATCH is on
 * the wire, started again on the same directory, and the upload resumes from the offset the
 * staged file reached, then completes with the right hash.
 */
const serverDir = fileURLToPath(new URL('../../', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'thongsuot-upload-crash-'));
let child: ChildProcess | null = null;
afterAll(() => {
  child?.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

async function start(port: number): Promise<ChildProcess> {
  const process_ = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: serverDir,
    env: { ...process.env, SEED_DEMO: '1', PORT: String(port), DATA_DIR: dataDir, CLIENT_ROOT: join(dataDir, 'none') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('is running at')) {
        clearTimeout(timer);
        resolve();
      }
    };
    process_.stdout?.on('data', onData);
    process_.stderr?.on('data', onData);
    process_.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  return process_;
}

async function kill(process_: ChildProcess): Promise<void> {
  if (process_.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => process_.once('exit', () => resolve()));
  process_.kill('SIGKILL');
  await exited;
}

it('resumes an upload from the stored offset after the relay is killed with SIGKILL mid-PATCH', async () => {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  child = await start(port);
  const signIn = await fetch(`${base}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'benthanh', password: DEMO_PASSWORD }),
  });
  const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  expect(cookie).toMatch(/^ts_session=/);

  const content = randomBytes(16 * 1024 * 1024);
  const sha = sha256Hex(content);
  const CHUNK = 4 * 1024 * 1024;
  let killed: Promise<void> | null = null;
  let url = '';
  const running = child;
  tusUpload(base, cookie, content, {
    chunkSize: CHUNK,
    // Halfway through the second PATCH: the relay dies with that request on the wire.
    onProgress: (upload, sent) => {
      if (killed || sent < CHUNK + CHUNK / 2) return;
      url = upload.url ?? '';
      killed = kill(running);
      void upload.abort(false);
    },
  });
  await vi.waitFor(() => expect(killed).not.toBeNull(), { timeout: 60_000 });
  await killed;
  const staged = readdirSync(join(dataDir, 'uploads')).filter((f) => !f.endsWith('.json'));
  expect(staged).toHaveLength(1);
  const onDisk = statSync(join(dataDir, 'uploads', staged[0] as string)).size;
  expect(onDisk).toBeGreaterThanOrEqual(CHUNK);
  expect(onDisk).toBeLessThan(content.length);

  child = await start(port);
  const head = await fetch(new URL(url, base), { method: 'HEAD', headers: { cookie, 'tus-resumable': '1.0.0' } });
  expect(head.status).toBe(200);
  const offset = Number(head.headers.get('upload-offset'));
  expect(offset).toBe(onDisk);

  let firstAccepted = -1;
  const resumed = await tusUpload(base, cookie, content, {
    uploadUrl: url,
    chunkSize: CHUNK,
    onChunk: (_u, accepted) => {
      if (firstAccepted < 0) firstAccepted = accepted;
    },
  }).done;
  expect(resumed).toMatchObject({ ok: true, status: 204 });
  expect(firstAccepted).toBe(Math.min(offset + CHUNK, content.length));

  const response = await fetch(`${base}/api/blobs/${sha}`, { headers: { cookie } });
  expect(response.status).toBe(200);
  expect(sha256Hex(Buffer.from(await response.arrayBuffer()))).toBe(sha);
  expect(readdirSync(join(dataDir, 'blobs'), { recursive: true }).filter((f) => String(f).endsWith(sha))).toHaveLength(
    1,
  );
  expect(readdirSync(join(dataDir, 'uploads'))).toEqual([]);
  await kill(child);
});
