import { performance } from 'node:perf_hooks';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AdminStore } from '../admin/admin-store.ts';
import { hashAll, temporaryPassword } from '../admin/temporary-password.ts';
import { TestServer } from '../testing/test-server.ts';

// A refusal must not tell whether the name exists, is disabled or still holds the one-time
// password it was handed (a cheaper hash) by how long it took: each costs at least one 32 MiB
// scrypt (tens of ms). Medians of interleaved attempts, compared as ratios,
// hold on a shared, noisy machine; skipping the hash would make a refusal ~100× faster.

let server: TestServer;
beforeAll(async () => {
  server = await new TestServer({ signInLimits: { perAddress: 1000, perUsername: 1000 } }).start();
  await server.app.context.accounts.setDisabled('u-benthanh', true);
  // An account still holding the one-time password an administrator handed over (a cheaper hash).
  const [handedOver] = await hashAll([temporaryPassword()]);
  await new AdminStore(server.app.context.db).setTemporaryPassword('u-saigon', handedOver as string);
});
afterAll(async () => {
  await server.stop();
});

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

async function timed(request: InjectOptions, status: number): Promise<number> {
  const started = performance.now();
  const response = await server.app.server.inject(request);
  const took = performance.now() - started;
  expect(response.statusCode).toBe(status);
  return took;
}

const attempt = (username: string) =>
  timed({ method: 'POST', url: '/api/session', payload: { username, password: 'doan-mo' } }, 401);

it('refuses unknown names, disabled accounts and those holding a one-time password as slowly as a wrong password for a known name', async () => {
  // Warm up every path once (and the dummy hash, computed in the background at start).
  await attempt('vanphong');
  await attempt('khong-ton-tai');
  await attempt('benthanh');
  await attempt('saigon');

  const known: number[] = [];
  const handedOver: number[] = [];
  const unknown: number[] = [];
  const disabled: number[] = [];
  const noHash: number[] = [];
  for (let round = 0; round < 5; round++) {
    known.push(await attempt('vanphong'));
    unknown.push(await attempt(`khong-ton-tai-${round}`));
    disabled.push(await attempt('benthanh'));
    handedOver.push(await attempt('saigon'));
    // What a refusal costs without a hash: the measurement can see the difference.
    noHash.push(await timed({ method: 'GET', url: '/api/session' }, 401));
  }

  const knownMs = median(known);
  expect(knownMs).toBeGreaterThan(5 * median(noHash));
  for (const [what, ms] of [
    ['unknown', median(unknown)],
    ['disabled', median(disabled)],
    ['one-time password', median(handedOver)],
  ] as const) {
    const ratio = ms / knownMs;
    expect(ratio, `${what} name: ${ms.toFixed(1)} ms vs known ${knownMs.toFixed(1)} ms`).toBeGreaterThanOrEqual(0.5);
    expect(ratio, `${what} name: ${ms.toFixed(1)} ms vs known ${knownMs.toFixed(1)} ms`).toBeLessThanOrEqual(2);
  }
}, 60_000); // 29 scrypt hashes of 32 MiB: near 5 s (the default) on a busy machine
