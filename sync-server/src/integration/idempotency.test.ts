import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TestServer } from '../testing/test-server.ts';
import { callApi, createToken, readDatabase } from './test-api-client.ts';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

/**
 * What an Idempotency-Key is kept for, on a relay whose clock the test moves: 24 hours per token,
 * and a request repeated after the relay stopped between committing the doc and recording the
 * answer writes no second doc.
 */
const DAY_MS = 24 * 60 * 60 * 1000;
// Behind the real time: the apply workers refuse entries dated after their own (real) clock.
let clock = Date.now() - 3 * DAY_MS;
let server: TestServer;
let token: string;
let tokenId: string;

const body = (title: string) => ({ title, deadline: '2099-12-31', recipients: ['phuong-ben-thanh'] });
const post = (b: unknown, key: string, as = token) => callApi(server, as, 'POST', '/api/v1/directives', b, key);
const docsTitled = (title: string): number =>
  readDatabase(server, (db) =>
    db.prepare('SELECT COUNT(*) FROM task_index WHERE title = ?').pluck().get(title),
  ) as number;

beforeAll(async () => {
  server = await new TestServer({ now: () => clock }).start();
  ({ token, id: tokenId } = await createToken(server, {
    name: 'khóa',
    actingUsername: 'vanphong',
    scopes: ['directives:create'],
    units: ['vp-ubnd'],
  }));
});

afterAll(async () => {
  await server?.stop();
});

describe('Idempotency-Key lifetime', () => {
  it('keeps a key 24 hours: a different body is refused until then, and is a new request after', async () => {
    const first = await post(body('Hạn khóa'), 'ttl-1');
    expect(first.status).toBe(201);
    clock += DAY_MS - 1_000;
    expect((await post(body('Hạn khóa khác'), 'ttl-1')).status).toBe(422);
    expect((await post(body('Hạn khóa'), 'ttl-1')).status).toBe(200);
    clock += 2_000;
    const later = await post(body('Hạn khóa khác'), 'ttl-1');
    expect(later.status).toBe(201);
    expect(later.body.taskId).not.toBe(first.body.taskId);
    expect(docsTitled('Hạn khóa')).toBe(1);
    expect(docsTitled('Hạn khóa khác')).toBe(1);
  });

  it('keeps keys per token: another token’s same key is its own request', async () => {
    const other = await createToken(server, {
      name: 'khóa khác',
      actingUsername: 'vanphong',
      scopes: ['directives:create'],
      units: ['vp-ubnd'],
    });
    const mine = await post(body('Mỗi khóa một sổ'), 'per-token');
    const theirs = await post(body('Mỗi khóa một sổ'), 'per-token', other.token);
    expect([mine.status, theirs.status]).toEqual([201, 201]);
    expect(theirs.body.taskId).not.toBe(mine.body.taskId);
  });

  it('writes no second doc when the answer was lost after the commit (a stop mid-request)', async () => {
    const first = await post(body('Dừng giữa chừng'), 'crash-1');
    expect(first.status).toBe(201);
    // What a relay stopped between the doc's commit and the answer's record leaves behind.
    server.app.context.db
      .prepare('UPDATE api_requests SET status = NULL, response = NULL WHERE token_id = ? AND idempotency_key = ?')
      .run(tokenId, 'crash-1');
    await server.restart();
    const again = await post(body('Dừng giữa chừng'), 'crash-1');
    expect(again.status).toBe(201);
    expect(again.body.taskId).toBe(first.body.taskId);
    expect(docsTitled('Dừng giữa chừng')).toBe(1);
    expect((await post(body('Dừng giữa chừng'), 'crash-1')).status).toBe(200);
  });
});
