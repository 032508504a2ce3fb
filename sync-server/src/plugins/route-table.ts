import type { FastifyInstance } from 'fastify';
import { isGuard } from '../auth/guards.ts';

/** One HTTP route as registered (for the route table's tests and the OpenAPI check). */
export interface RouteInfo {
  readonly method: string;
  readonly url: string;
  readonly schema: Readonly<Record<string, unknown>> | undefined;
  readonly websocket: boolean;
}

/**
 * Every route registered from now on, as Fastify saw it. Access guards are moved to run first,
 * before the body is parsed and validated (auth/guards.ts).
 */
export function routeTable(server: FastifyInstance): RouteInfo[] {
  const routes: RouteInfo[] = [];
  server.addHook('onRoute', (route) => {
    const pre = [route.preHandler ?? []].flat();
    const guards = pre.filter(isGuard);
    if (guards.length > 0) {
      route.preHandler = pre.filter((hook) => !isGuard(hook));
      route.onRequest = [...[route.onRequest ?? []].flat(), ...guards] as typeof route.onRequest;
    }
    for (const method of [route.method].flat()) {
      routes.push({
        method,
        url: route.url,
        schema: route.schema as Record<string, unknown> | undefined,
        websocket: (route as { websocket?: boolean }).websocket === true,
      });
    }
  });
  return routes;
}
