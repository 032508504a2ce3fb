import { DEMO_PASSWORD } from '@thongsuot/shared';
import { afterEach, expect, it } from 'vitest';
import { TestServer } from '../testing/test-server.ts';

const servers: TestServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.stop();
});

it('limits sign-in attempts per name and address, with a clear answer, and leaves other names alone', async () => {
  const server = await new TestServer({ signInPerMinute: 3 }).start();
  servers.push(server);
  const attempt = (username: string, password: string) =>
    server.app.server.inject({ method: 'POST', url: '/api/session', payload: { username, password } });

  for (let i = 0; i < 3; i++) expect((await attempt('vanphong', 'doan-mo')).statusCode).toBe(401);
  const blocked = await attempt('vanphong', DEMO_PASSWORD);
  expect(blocked.statusCode).toBe(429);
  expect(blocked.json()).toMatchObject({ error: 'too_many_attempts' });
  // The same name written differently is the same name.
  expect((await attempt('  VanPhong ', DEMO_PASSWORD)).statusCode).toBe(429);
  // Someone else signs in as usual.
  expect((await attempt('benthanh', DEMO_PASSWORD)).statusCode).toBe(200);
});
