import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TestServer } from '../testing/test-server.ts';
import { type ApiAnswer, callApi, createToken, readDatabase } from './test-api-client.ts';

vi.setConfig({ testTimeout: 300_000, hookTimeout: 60_000 });

/**
 * Idempotency keys under any interleaving (docs/operations.md "Integration API"): N directive
 * requests over K keys — some keys repeated, some requests with an altered body, some with the
 * same body written in another key order — sent in batches that run concurrently within and one
 * after another between. Whatever the order, each key makes exactly one task doc; every answer
 * with that key names it; a 422 comes exactly for the bodies unlike the one that won the key.
 */
let server: TestServer;
let token: string;

beforeAll(async () => {
  // The rate limit has its own test; here it would only cut the runs short.
  server = await new TestServer({ apiRateLimit: { max: 1_000_000 } }).start();
  ({ token } = await createToken(server, {
    name: 'thuộc tính',
    actingUsername: 'vanphong',
    scopes: ['directives:create'],
    units: ['vp-ubnd'],
  }));
});

afterAll(async () => {
  await server?.stop();
});

interface Sent {
  readonly key: number;
  readonly altered: boolean;
  readonly answer: ApiAnswer;
}

const titleOf = (run: number, key: number, altered: boolean) => `Thuộc tính ${run}-${key}${altered ? ' (khác)' : ''}`;

function bodyOf(run: number, key: number, altered: boolean, reordered: boolean): Record<string, unknown> {
  const body = {
    title: titleOf(run, key, altered),
    deadline: altered ? '2099-12-30' : '2099-12-31',
    recipients: ['phuong-ben-thanh', 'phuong-sai-gon'],
    priority: 'normal',
  };
  // The same request with its fields in another order is the same request.
  return reordered ? Object.fromEntries(Object.entries(body).reverse()) : body;
}

const docsTitled = (title: string): number =>
  readDatabase(server, (db) =>
    db.prepare('SELECT COUNT(*) FROM task_index WHERE title = ?').pluck().get(title),
  ) as number;

describe('Idempotency-Key under any interleaving', () => {
  it('gives one doc per key, the same id in every answer, and 422 exactly where the body differs', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ key: fc.nat(2), altered: fc.boolean(), reordered: fc.boolean() }), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 8 }),
        async (requests, batchSizes) => {
          run++;
          const send = (r: (typeof requests)[number]) =>
            callApi(
              server,
              token,
              'POST',
              '/api/v1/directives',
              bodyOf(run, r.key, r.altered, r.reordered),
              `p${run}-${r.key}`,
            );
          const sent: Sent[] = [];
          for (let i = 0, b = 0; i < requests.length; b++) {
            const batch = requests.slice(i, i + (batchSizes[b % batchSizes.length] ?? 1));
            i += batch.length;
            const answers = await Promise.all(batch.map(send));
            for (const [j, r] of batch.entries())
              sent.push({ key: r.key, altered: r.altered, answer: answers[j] as ApiAnswer });
          }
          for (const key of new Set(requests.map((r) => r.key))) {
            const ofKey = sent.filter((s) => s.key === key);
            const winners = ofKey.filter((s) => s.answer.status === 201);
            expect(winners).toHaveLength(1);
            const winner = winners[0] as Sent;
            for (const s of ofKey) {
              const same = s.altered === winner.altered;
              if (s.answer.status === 409) continue; // sent while the first was in flight
              expect(s.answer.status).toBe(same ? (s === winner ? 201 : 200) : 422);
              if (same) expect(s.answer.body.taskId).toBe(winner.answer.body.taskId);
            }
            expect(docsTitled(titleOf(run, key, winner.altered))).toBe(1);
            expect(docsTitled(titleOf(run, key, !winner.altered))).toBe(0);
            // Afterwards, one at a time: each body gets the first answer or a 422.
            for (const altered of [false, true]) {
              const again = await send({ key, altered, reordered: !altered });
              expect(again.status).toBe(altered === winner.altered ? 200 : 422);
              if (again.status === 200) expect(again.body).toEqual(winner.answer.body);
            }
          }
        },
      ),
      { seed: 20_261_130, numRuns: 20 },
    );
  });
});
