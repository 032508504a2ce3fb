import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import type { RouteInfo } from '../app.ts';
import { TestServer } from '../testing/test-server.ts';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

/**
 * Every HTTP route the relay has, and who may call it (issue 16 item 7): one table, built from the
 * routes Fastify registered, so a route added later without a row here fails this test.
 *   public   — anyone (probes, the OpenAPI document, sign-in and sign-out)
 *   session  — anonymous 401; any signed-in official passes the guard
 *   admin    — anonymous 401; an official who is not an administrator 403
 *   audit    — anonymous 401; neither administrator nor inspector 403
 *   token    — the integration API: no token, or a session cookie instead of one, 401
 */
type Access = 'public' | 'session' | 'admin' | 'audit' | 'token';

function accessOf(route: RouteInfo): Access | null {
  const { method, url } = route;
  if (['/healthz', '/readyz', '/metrics', '/api/docs'].includes(url)) return 'public';
  if (url === '/api/session' && (method === 'POST' || method === 'DELETE')) return 'public';
  if (url.startsWith('/api/admin/')) return 'admin';
  if (url === '/api/audit' || url.startsWith('/api/audit/')) return 'audit';
  if (url.startsWith('/api/v1/')) return 'token';
  if (url.startsWith('/api/') || url === '/sync' || url.startsWith('/yjs/')) return 'session';
  return null;
}

const concrete = (url: string) => url.replace(/:[A-Za-z0-9_]+/g, 'x').replace(/\*$/, 'task/x');

describe('who may call every HTTP route', () => {
  let server: TestServer;
  let official: string;
  let routes: RouteInfo[];

  beforeAll(async () => {
    server = await new TestServer().start();
    official = await server.signIn('chutich');
    routes = server.app.routes.filter((r) => r.method !== 'HEAD' && r.method !== 'OPTIONS');
  });
  afterAll(async () => {
    await server.stop();
  });

  it('has a row for every route, and every route has a schema with a summary and a tag', () => {
    const unclassified = routes.filter((r) => accessOf(r) === null).map((r) => `${r.method} ${r.url}`);
    expect(unclassified).toEqual([]);
    const undocumented = routes
      .filter((r) => !r.schema || typeof r.schema.summary !== 'string' || !Array.isArray(r.schema.tags))
      .map((r) => `${r.method} ${r.url}`);
    expect(undocumented).toEqual([]);
  });

  it("compiles every route's schemas (compiled on first use, so a broken one would wait for its first request)", () => {
    // Several remain: sign-in has been used, which compiled its own.
    expect(server.app.schemas.compileAll()).toBeGreaterThan(routes.length / 2);
    expect(server.app.schemas.compileAll()).toBe(0);
  });

  it('lists every route in the OpenAPI document at /api/docs', async () => {
    const response = await server.app.server.inject({ method: 'GET', url: '/api/docs' });
    expect(response.statusCode).toBe(200);
    const doc = response.json() as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toMatch(/^3\./);
    const toOpenApi = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    // WebSocket upgrades have no OpenAPI form; their schemas still describe them (checked above).
    const missing = routes
      .filter((r) => r.url !== '/api/docs' && !r.websocket)
      .filter((r) => {
        const path = doc.paths[toOpenApi(r.url)] ?? doc.paths[toOpenApi(r.url).replace(/\*$/, '{*}')];
        return !path?.[r.method.toLowerCase()];
      })
      .map((r) => `${r.method} ${r.url}`);
    expect(missing).toEqual([]);
  });

  it('answers 401 to an anonymous caller and 403 to an official without the role, before reading the body', async () => {
    const wrong: string[] = [];
    for (const route of routes) {
      const access = accessOf(route);
      if (access === 'public' || route.websocket) continue;
      const withBody = !['GET', 'DELETE', 'TRACE'].includes(route.method);
      const call = (headers: Record<string, string>) =>
        server.app.server.inject({
          method: route.method as 'GET',
          url: concrete(route.url),
          // Deliberately invalid: the guard must answer before validation would.
          ...(withBody
            ? { headers: { ...headers, 'content-type': 'application/json' }, payload: '{"nonsense": true}' }
            : { headers }),
        });
      const anonymous = await call({});
      if (anonymous.statusCode !== 401) wrong.push(`${route.method} ${route.url} anonymous → ${anonymous.statusCode}`);
      else if (!/[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i.test(anonymous.json().message ?? '')) {
        wrong.push(`${route.method} ${route.url} anonymous: no Vietnamese message`);
      }
      if (access === 'admin' || access === 'audit') {
        const other = await call({ cookie: official });
        if (other.statusCode !== 403) wrong.push(`${route.method} ${route.url} non-admin → ${other.statusCode}`);
      }
      if (access === 'token') {
        const withCookie = await call({ cookie: official });
        if (withCookie.statusCode !== 401)
          wrong.push(`${route.method} ${route.url} cookie, no token → ${withCookie.statusCode}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('refuses the sockets’ upgrade without a session', async () => {
    const sockets = routes.filter((r) => r.websocket);
    expect(sockets.map((r) => r.url).sort()).toEqual(['/sync', '/yjs/*']);
    for (const route of sockets) {
      const status = await new Promise<number>((resolve, reject) => {
        const ws = new WebSocket(`${server.url.replace('http', 'ws')}${concrete(route.url)}`);
        ws.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
        ws.on('open', () => reject(new Error(`${route.url} opened without a session`)));
        ws.on('error', () => undefined);
      });
      expect(status, route.url).toBe(401);
    }
  });

  it('answers 200 to the public routes without a session', async () => {
    for (const url of ['/healthz', '/readyz', '/metrics', '/api/docs']) {
      expect((await server.app.server.inject({ method: 'GET', url })).statusCode, url).toBe(200);
    }
  });
});
