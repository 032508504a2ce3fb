import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { syncUpdate } from '@thongsuot/shared';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { newTask } from '../testing/fixtures.ts';
import { TestServer } from '../testing/test-server.ts';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

/** Prometheus' text format, the lines that carry a sample: name{labels} value. */
function samples(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*(?:\{[^}]*\})?) (-?[\d.e+-]+|NaN|[+-]Inf)$/.exec(line);
    if (!match) throw new Error(`not a Prometheus sample: ${line}`);
    out.set(match[1] as string, Number(match[2]));
  }
  return out;
}

describe('operations: health, readiness and metrics (docs/operations.md)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await new TestServer().start();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('says it is alive and ready: the database takes a write and the apply workers answer', async () => {
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { storage: 'ok', workers: 'ok' } });
  });

  it('sends security headers and a strict Content-Security-Policy', async () => {
    const response = await fetch(`${server.url}/healthz`);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
  });

  it('is not ready while another process holds the database’s write lock', async () => {
    const Database = (await import('better-sqlite3')).default;
    const other = new Database(server.databasePath);
    other.pragma('busy_timeout = 0');
    other.exec('BEGIN IMMEDIATE');
    try {
      server.app.context.db.pragma('busy_timeout = 0');
      const ready = await fetch(`${server.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ status: 'not_ready', checks: { storage: 'database is locked' } });
    } finally {
      other.exec('ROLLBACK');
      other.close();
      server.app.context.db.pragma('busy_timeout = 5000');
    }
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
  });

  it('counts sockets, writes, acks, refusals by code and commit time, in Prometheus’ format', async () => {
    const peer = await server.peer('vanphong');
    peer.send({ type: 'sync', docId: 'task/m1', ref: 1, payload: syncUpdate(Y.encodeStateAsUpdate(newTask('m1'))) });
    expect(await peer.verdict(1)).toMatchObject({ type: 'ack' });
    // A write to a task the ward may not create: refused as forbidden.
    const ward = await server.peer('benthanh');
    const forged = newTask('m2', 'phuong-sai-gon');
    ward.send({ type: 'sync', docId: 'task/m2', ref: 1, payload: syncUpdate(Y.encodeStateAsUpdate(forged)) });
    expect(await ward.verdict(1)).toMatchObject({ type: 'error', code: 'forbidden' });

    const response = await fetch(`${server.url}/metrics`);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const metrics = samples(await response.text());
    expect(metrics.get('thongsuot_connections')).toBeGreaterThanOrEqual(2);
    expect(metrics.get('thongsuot_writes_total')).toBeGreaterThanOrEqual(2);
    expect(metrics.get('thongsuot_acks_total')).toBeGreaterThanOrEqual(1);
    expect(metrics.get('thongsuot_refusals_total{code="forbidden"}')).toBeGreaterThanOrEqual(1);
    expect(metrics.get('thongsuot_commit_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(metrics.get('thongsuot_fanout_lag_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(metrics.get('thongsuot_docs_loaded')).toBeGreaterThanOrEqual(1);
    expect(metrics.has('thongsuot_nodejs_eventloop_lag_seconds')).toBe(true);
    peer.close();
    ward.close();
  });
});

describe('configuration checked at start', () => {
  it('PORT=abc stops the relay before it starts, naming the variable', async () => {
    const run = promisify(execFile)('node', ['--import', 'tsx', 'src/main.ts'], {
      cwd: fileURLToPath(new URL('../../', import.meta.url)),
      env: { ...process.env, PORT: 'abc', DATA_DIR: '/nonexistent-never-created' },
      encoding: 'utf8',
    });
    await expect(run).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('PORT="abc": phải là số nguyên từ 0 đến 65535'),
    });
  });
});
