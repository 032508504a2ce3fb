import type { FastifyError, FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.ts';
import { vietnameseErrors } from '../plugins/vietnamese-errors.ts';
import { type ApiRateLimit, apiTokenGuard, DEFAULT_API_RATE_LIMIT } from './api-guard.ts';
import { ApiTokenStore } from './api-tokens.ts';
import { directiveRoutes } from './directive-routes.ts';
import { documentRoutes } from './document-routes.ts';
import { IdempotencyStore } from './idempotency.ts';
import { taskRoutes } from './task-routes.ts';
import { tokenRoutes } from './token-routes.ts';

export interface IntegrationOptions {
  readonly ctx: ServerContext;
  /** Requests per token per window (default 120 a minute). */
  readonly rateLimit?: Partial<ApiRateLimit>;
}

/** A request the schema refused (its message is Vietnamese already: plugins/vietnamese-errors.ts). */
function invalidMessage(error: FastifyError): string {
  if (error.validationContext === 'headers') {
    return `Thiếu hoặc sai tiêu đề Idempotency-Key (1–200 ký tự). ${error.message}`;
  }
  return error.message;
}

/**
 * The integration API for the city's document-and-task management system (docs/operations.md
 * "Integration API"): the administrator's token routes and `/api/v1/*`, where a token acts in its
 * acting person's name through the relay's own write path.
 */
export async function integrationApi(app: FastifyInstance, options: IntegrationOptions): Promise<void> {
  const { ctx } = options;
  const tokens = new ApiTokenStore(ctx.db);
  const keys = new IdempotencyStore(ctx.db, ctx.now);
  // The app's answers (plugins/vietnamese-errors.ts), in this plugin's context so the missing
  // Idempotency-Key header is named as such.
  vietnameseErrors(app, invalidMessage);
  const guard = apiTokenGuard(app, ctx, tokens, { ...DEFAULT_API_RATE_LIMIT, ...options.rateLimit });
  await tokenRoutes(app, { ctx, tokens });
  await directiveRoutes(app, { ctx, keys, guard });
  await documentRoutes(app, { ctx, keys, guard });
  await taskRoutes(app, { ctx, guard });
}
