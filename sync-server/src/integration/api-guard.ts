import type { Person } from '@thongsuot/shared';
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { sendError } from '../auth/guards.ts';
import { addressKey, countAttempt, limitKey, limitsUnavailable } from '../auth/limit-keys.ts';
import { hashToken } from '../auth/sessions.ts';
import type { ServerContext } from '../context.ts';
import type { Account } from '../storage/account-store.ts';
import type { ApiScope, ApiToken, ApiTokenStore } from './api-tokens.ts';

/** Who is calling: the token, its hash (ids of keyed requests derive from it) and its acting person. */
export interface ApiCaller {
  readonly token: ApiToken;
  readonly tokenHash: string;
  readonly acting: Account;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The integration client, set by the API token guard once the token is known. */
    apiCaller?: ApiCaller;
    /** The audit line's action and what it adds (`api.<action>`, written when the answer is sent). */
    apiAudit?: { action: string; docId?: string; detail: Record<string, unknown> };
  }
}

/** Requests per token per window (docs/operations.md "Integration API"). */
export interface ApiRateLimit {
  readonly max: number;
  readonly windowMs: number;
}

export const DEFAULT_API_RATE_LIMIT: ApiRateLimit = { max: 120, windowMs: 60_000 };

export const MISSING_TOKEN = 'Thiếu khóa API: hãy gửi tiêu đề “Authorization: Bearer <khóa API>”.';
export const BAD_TOKEN = 'Khóa API không hợp lệ hoặc đã bị thu hồi.';
const BAD_ACTING = 'Tài khoản của người đứng tên khóa API này đã bị khóa.';

/** The person an edit is made as: exactly what a device's session gives the relay, nothing more. */
export function personOf(account: Account): Person {
  return { id: account.id, unitId: account.unitId, rank: account.rank };
}

/** The caller a guarded handler runs for (set by its guard, before the body is even read). */
export function callerOf(request: FastifyRequest): ApiCaller {
  if (!request.apiCaller) throw new Error('route has no API token guard');
  return request.apiCaller;
}

function bearer(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1] ?? null;
}

/**
 * Builds the guard of the integration API's routes. Each request: 401 without a token, or with
 * one unknown or revoked (looked up again every time, so a revocation takes effect at once); 429
 * past the token's rate; 403 without `scope`, when the acting person's account has been disabled,
 * or when that person is no longer in one of the token's units. Refusals of a known token are
 * audited; the token's last use is recorded.
 */
export function apiTokenGuard(
  app: FastifyInstance,
  ctx: ServerContext,
  tokens: ApiTokenStore,
  rate: ApiRateLimit,
): (scope: ApiScope, action: string) => onRequestAsyncHookHandler {
  const limit = app.createRateLimit({
    max: rate.max,
    timeWindow: rate.windowMs,
    keyGenerator: (request) => limitKey('api-token', request.apiCaller?.token.id ?? addressKey(request.ip)),
  });
  const refuse = (request: FastifyRequest, reply: FastifyReply, reason: string, message: string) => {
    if (request.apiAudit) request.apiAudit.detail.refused = reason;
    return sendError(reply, 403, 'forbidden', message);
  };
  // Every answer to a known token is audited as `api.<action>` (429s aside: a flood would drown the log).
  app.addHook('onResponse', async (request, reply) => {
    const caller = request.apiCaller;
    const audit = request.apiAudit;
    if (!caller || !audit || reply.statusCode === 429) return;
    await ctx.audit.record({
      actorId: caller.acting.id,
      action: `api.${audit.action}`,
      docId: audit.docId ?? null,
      detail: JSON.stringify({ token: caller.token.id, status: reply.statusCode, ...audit.detail }),
    });
  });
  return (scope, action) => async (request, reply) => {
    request.apiAudit = { action, detail: {} };
    const presented = bearer(request);
    if (!presented) {
      reply.header('www-authenticate', 'Bearer');
      return sendError(reply, 401, 'unauthenticated', MISSING_TOKEN);
    }
    const token = tokens.live(presented);
    if (!token) {
      reply.header('www-authenticate', 'Bearer error="invalid_token"');
      return sendError(reply, 401, 'unauthenticated', BAD_TOKEN);
    }
    const acting = ctx.accounts.byId(token.actingId);
    // The acting person's row cannot go (users are disabled, never deleted); if it did, nobody may act.
    if (!acting) return sendError(reply, 403, 'forbidden', BAD_ACTING);
    request.apiCaller = { token, tokenHash: hashToken(presented), acting };
    const counted = await countAttempt(limit, request);
    if (!counted) return limitsUnavailable(reply);
    if (counted.exceeded) {
      return reply
        .code(429)
        .header('retry-after', String(counted.retryAfter))
        .send({
          statusCode: 429,
          error: 'rate_limited',
          message: `Khóa API này đã gửi quá nhiều yêu cầu; hãy thử lại sau ${counted.retryAfter} giây.`,
        });
    }
    // Last use to the minute: one write a minute per token, not one per request.
    const now = ctx.now();
    if (token.lastUsedAt === null || now - token.lastUsedAt >= 60_000) tokens.touch(token.id, now);
    if (!token.scopes.includes(scope)) {
      return refuse(request, reply, `scope:${scope}`, `Khóa API này không được cấp quyền “${scope}”.`);
    }
    if (acting.disabled) return refuse(request, reply, 'acting_disabled', BAD_ACTING);
    if (!token.units.includes(acting.unitId)) {
      return refuse(
        request,
        reply,
        'acting_unit',
        'Người đứng tên khóa API này không còn thuộc đơn vị nào mà khóa được dùng cho.',
      );
    }
  };
}

/** 403 unless `unitId` is one of the token's units; true when the handler may go on. */
export function forTokenUnit(request: FastifyRequest, reply: FastifyReply, unitId: string): boolean {
  if (callerOf(request).token.units.includes(unitId)) return true;
  if (request.apiAudit) request.apiAudit.detail.refused = `unit:${unitId}`;
  sendError(reply, 403, 'forbidden', `Khóa API này không được dùng cho đơn vị “${unitId}”.`);
  return false;
}
