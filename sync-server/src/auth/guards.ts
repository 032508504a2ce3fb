import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { ServerContext } from '../context.ts';
import type { Account, SystemRole } from '../storage/account-store.ts';
import { authenticate } from './sessions.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in person, set by `requireSession` / `requireRole`. */
    account?: Account;
  }
}

/** The JSON every refused HTTP request gets: a stable code and a message an official can read. */
export interface ApiError {
  readonly statusCode: number;
  readonly error: string;
  readonly message: string;
}

export function sendError(reply: FastifyReply, statusCode: number, error: string, message: string): FastifyReply {
  return reply.code(statusCode).send({ statusCode, error, message } satisfies ApiError);
}

export const UNAUTHENTICATED = 'Bạn cần đăng nhập để làm việc này.';
export const NOT_ALLOWED = 'Bạn không có quyền làm việc này.';

/** Schema of the error body, for the OpenAPI document. */
export const errorSchema = {
  type: 'object',
  required: ['statusCode', 'error', 'message'],
  properties: {
    statusCode: { type: 'integer' },
    error: { type: 'string' },
    message: { type: 'string' },
  },
} as const;

/** The 401/403 answers every guarded route documents. */
export const guardedResponses = { 401: errorSchema, 403: errorSchema } as const;

function signedIn(ctx: ServerContext, request: FastifyRequest): Account | null {
  return authenticate(request, ctx.accounts, ctx.now());
}

/** A preHandler: 401 without a live session of an enabled account; sets `request.account`. */
export function requireSession(ctx: ServerContext): preHandlerAsyncHookHandler {
  return async (request, reply) => {
    const account = signedIn(ctx, request);
    if (!account) return sendError(reply, 401, 'unauthenticated', UNAUTHENTICATED);
    request.account = account;
  };
}

/** A preHandler: 401 when not signed in, 403 unless the person holds one of `roles`. */
export function requireRole(ctx: ServerContext, ...roles: readonly SystemRole[]): preHandlerAsyncHookHandler {
  return async (request, reply) => {
    const account = signedIn(ctx, request);
    if (!account) return sendError(reply, 401, 'unauthenticated', UNAUTHENTICATED);
    if (!account.roles.some((r) => roles.includes(r))) return sendError(reply, 403, 'forbidden', NOT_ALLOWED);
    request.account = account;
  };
}

/** The account a guarded handler runs for (set by its preHandler). */
export function accountOf(request: FastifyRequest): Account {
  if (!request.account) throw new Error('route has no session guard');
  return request.account;
}
