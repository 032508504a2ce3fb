import type { FastifyInstance } from 'fastify';
import { AdminStore } from '../admin/admin-store.ts';
import type { ServerContext } from '../context.ts';
import { adminAccountRoutes } from './admin-accounts.ts';
import { adminImportRoutes } from './admin-import.ts';
import { adminSessionRoutes } from './admin-sessions.ts';
import { adminUnitRoutes } from './admin-units.ts';

/** The administrator's console under /api/admin/ (docs/operations.md "Administration"). */
export async function adminRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const store = new AdminStore(ctx.db);
  await app.register(adminAccountRoutes, { ctx, store });
  await app.register(adminImportRoutes, { ctx, store });
  await app.register(adminSessionRoutes, { ctx, store });
  await app.register(adminUnitRoutes, { ctx, store });
}
