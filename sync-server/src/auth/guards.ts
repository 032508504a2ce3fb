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

/**
 * Schema of the error body, for the OpenAPI document. No `required`: the response serializer would
 * throw on an older route's body without `statusCode`; every field present is still sent.
 */
export const errorSchema = {
  type: 'object',
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

const GUARD = Symbol.for('thongsuot.guard');

/**
 * Marks a hook as an access guard. Whatever hook list a route puts it in, `buildApp` moves it to
 * the route's `onRequest`, so who may call is decided before the body is read or validated: an
 * anonymous caller gets 401 and a non-administrator 403, never a 400 that describes the schema.
 */
export function markGuard<T extends object>(hook: T): T {
  Object.defineProperty(hook, GUARD, { value: true });
  return hook;
}

export function isGuard(hook: unknown): boolean {
  return typeof hook === 'function' && (hook as unknown as Record<symbol, unknown>)[GUARD] === true;
}

/** A preHandler: 401 without a live session of an enabled account; sets `request.account`. */
export function requireSession(ctx: ServerContext): preHandlerAsyncHookHandler {
  return markGuard(async (request, reply) => {
    const account = signedIn(ctx, request);
    if (!account) return sendError(reply, 401, 'unauthenticated', UNAUTHENTICATED);
    request.account = account;
  });
}

/** A preHandler: 401 when not signed in, 403 unless the person holds one of `roles`. */
export function requireRole(ctx: ServerContext, ...roles: readonly SystemRole[]): preHandlerAsyncHookHandler {
  return markGuard(async (request, reply) => {
    const account = signedIn(ctx, request);
    if (!account) return sendError(reply, 401, 'unauthenticated', UNAUTHENTICATED);
    if (!account.roles.some((r) => roles.includes(r))) return sendError(reply, 403, 'forbidden', NOT_ALLOWED);
    request.account = account;
  });
}

/** The account a guarded handler runs for (set by its preHandler). */
export function accountOf(request: FastifyRequest): Account {
  if (!request.account) throw new Error('route has no session guard');
  return request.account;
}
