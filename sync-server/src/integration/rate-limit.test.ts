import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TestServer } from '../testing/test-server.ts';
import { callApi, createToken } from './test-api-client.ts';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

/** The integration API's rate per token (docs/operations.md "Integration API"), set low here. */
let limited: TestServer;
const ALL = ['directives:create', 'documents:register', 'tasks:read'];

beforeAll(async () => {
  limited = await new TestServer({ apiRateLimit: { max: 3, windowMs: 60_000 } }).start();
});

afterAll(async () => {
  await limited?.stop();
});

describe('rate limit', () => {
  it('answers 429 with Retry-After and a Vietnamese message past the token’s rate', async () => {
    const made = await createToken(limited, {
      name: 'x',
      actingUsername: 'vanphong',
      scopes: ALL,
      units: ['vp-ubnd'],
    });
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await callApi(limited, made.token, 'GET', '/api/v1/tasks/none'));
    expect(answers.map((a) => a.status)).toEqual([404, 404, 404, 429]);
    const last = answers[3];
    expect(Number(last?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(last?.body.message).toMatch(/quá nhiều yêu cầu/);
    // Another token has its own allowance.
    const other = await createToken(limited, {
      name: 'y',
      actingUsername: 'vanphong',
      scopes: ALL,
      units: ['vp-ubnd'],
    });
    expect((await callApi(limited, other.token, 'GET', '/api/v1/tasks/none')).status).toBe(404);
  });
});
