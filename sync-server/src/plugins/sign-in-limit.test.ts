import { DEMO_PASSWORD } from '@thongsuot/shared';
import { afterEach, expect, it } from 'vitest';
import type { AppOptions } from '../app.ts';
import { TestServer } from '../testing/test-server.ts';

// Every refused attempt costs a 32 MiB scrypt (~50–100 ms here): the limits are set low.

const servers: TestServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.stop();
});

async function serverWith(options: Partial<AppOptions>) {
  const server = await new TestServer(options).start();
  servers.push(server);
  /** One sign-in attempt from `from` (the socket's peer), optionally claiming to forward for someone. */
  return (username: string, password: string, from = '127.0.0.1', forwardedFor?: string) =>
    server.app.server.inject({
      method: 'POST',
      url: '/api/session',
      remoteAddress: from,
      ...(forwardedFor ? { headers: { 'x-forwarded-for': forwardedFor } } : {}),
      payload: { username, password },
    });
}

it('limits attempts on one username across addresses, with the answer the client knows, and leaves other names alone', async () => {
  const attempt = await serverWith({ signInLimits: { perUsername: 3, perAddress: 100 } });

  for (const from of ['10.0.0.1', '10.0.0.2', '10.0.0.3']) {
    expect((await attempt('vanphong', 'doan-mo', from)).statusCode).toBe(401);
  }
  // A fourth address, and even the right password: the name has used its attempts.
  const blocked = await attempt('vanphong', DEMO_PASSWORD, '10.0.0.4');
  expect(blocked.statusCode).toBe(429);
  expect(blocked.json()).toEqual({ statusCode: 429, error: 'too_many_attempts', message: expect.any(String) });
  expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
  // The same name written differently is the same name.
  expect((await attempt('  VanPhong ', DEMO_PASSWORD, '10.0.0.5')).statusCode).toBe(429);
  // Someone else signs in as usual, from an address that tried the blocked name.
  expect((await attempt('benthanh', DEMO_PASSWORD, '10.0.0.1')).statusCode).toBe(200);
});

it('limits attempts from one address across usernames, so one password cannot be sprayed over every name', async () => {
  const attempt = await serverWith({ signInLimits: { perAddress: 3, perUsername: 100 } });

  // Known and unknown names alike count against the address.
  for (const name of ['vanphong', 'benthanh', 'khong-co-ai']) {
    expect((await attempt(name, 'mat-khau-chung', '10.0.0.9')).statusCode).toBe(401);
  }
  expect((await attempt('saigon', DEMO_PASSWORD, '10.0.0.9')).statusCode).toBe(429);
  // Another address is counted on its own.
  expect((await attempt('saigon', DEMO_PASSWORD, '10.0.0.10')).statusCode).toBe(200);
});

it('counts the socket peer, not a spoofed X-Forwarded-For, unless that peer is a trusted proxy', async () => {
  const untrusted = await serverWith({ signInLimits: { perAddress: 2, perUsername: 100 } });
  expect((await untrusted('vanphong', 'sai', '127.0.0.1', '198.51.100.1')).statusCode).toBe(401);
  expect((await untrusted('benthanh', 'sai', '127.0.0.1', '198.51.100.2')).statusCode).toBe(401);
  // A new address in the header each time does not escape the limit of the address it came from.
  expect((await untrusted('saigon', DEMO_PASSWORD, '127.0.0.1', '198.51.100.3')).statusCode).toBe(429);

  const behindProxy = await serverWith({
    signInLimits: { perAddress: 2, perUsername: 100 },
    trustProxy: ['127.0.0.1'],
  });
  expect((await behindProxy('vanphong', 'sai', '127.0.0.1', '198.51.100.1')).statusCode).toBe(401);
  expect((await behindProxy('benthanh', 'sai', '127.0.0.1', '198.51.100.1')).statusCode).toBe(401);
  expect((await behindProxy('saigon', DEMO_PASSWORD, '127.0.0.1', '198.51.100.1')).statusCode).toBe(429);
  // Through the trusted proxy, each client it forwards for has attempts of its own.
  expect((await behindProxy('saigon', DEMO_PASSWORD, '127.0.0.1', '198.51.100.2')).statusCode).toBe(200);
  // A peer that is not the trusted proxy is itself the client, whatever header it sends.
  expect((await behindProxy('condao', 'sai', '192.0.2.7', '198.51.100.3')).statusCode).toBe(401);
  expect((await behindProxy('cangio', 'sai', '192.0.2.7', '198.51.100.4')).statusCode).toBe(401);
  expect((await behindProxy('condao', DEMO_PASSWORD, '192.0.2.7', '198.51.100.5')).statusCode).toBe(429);
});
