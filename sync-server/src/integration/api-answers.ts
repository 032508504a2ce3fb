import type { ErrorCode } from '@thongsuot/shared';
import type { FastifyReply } from 'fastify';
import { errorSchema, guardedResponses, sendError } from '../auth/guards.ts';

/** What every integration route says it answers besides success (the OpenAPI document). */
export const apiResponses = {
  ...guardedResponses,
  429: { ...errorSchema, description: 'Too many requests for this token; see Retry-After.' },
} as const;

/** The keyed routes' extra answers. */
export const keyedResponses = {
  ...apiResponses,
  400: errorSchema,
  409: { ...errorSchema, description: 'A request with this Idempotency-Key is still being processed; retry.' },
  422: { ...errorSchema, description: 'This Idempotency-Key was used for a different request.' },
  503: { ...errorSchema, description: 'The relay could not store the change now; retry with the same key.' },
} as const;

/** The `Idempotency-Key` header every creating route requires. */
export const idempotencyHeaders = {
  type: 'object',
  required: ['idempotency-key'],
  properties: {
    'idempotency-key': {
      type: 'string',
      minLength: 1,
      maxLength: 200,
      description:
        'Chosen by the caller, unique per request it means once (e.g. its own record id). Kept 24 h per token: the same key and body get the first answer again (200, Idempotent-Replayed: true); the same key with another body is refused (422).',
    },
  },
} as const;

/** The HTTP status of a write the relay refused. */
function statusOf(code: ErrorCode): number {
  switch (code) {
    case 'forbidden':
    case 'unauthenticated':
      return 403;
    case 'not_found':
      return 404;
    case 'invalid_doc':
    case 'invalid_task':
    case 'bad_frame':
    case 'too_large':
    case 'missing_dependencies':
      return 422;
    case 'rate_limited':
      return 429;
    default:
      return 503;
  }
}

/** Answers with the relay rule's own refusal (its code and Vietnamese message). */
export function sendRefusal(reply: FastifyReply, refusal: { code: ErrorCode; message: string }): FastifyReply {
  const status = statusOf(refusal.code);
  if (status === 503) reply.header('retry-after', '5');
  return sendError(reply, status, refusal.code, refusal.message);
}

/** 409 to a request whose key's first request is still in flight. */
export function sendInFlight(reply: FastifyReply): FastifyReply {
  return sendError(
    reply.header('retry-after', '1'),
    409,
    'idempotency_key_in_flight',
    'Yêu cầu trước với cùng Idempotency-Key vẫn đang được xử lý; hãy gửi lại sau giây lát.',
  );
}

/** 422 to a key reused for a different request. */
export function sendKeyReused(reply: FastifyReply): FastifyReply {
  return sendError(
    reply,
    422,
    'idempotency_key_reused',
    'Idempotency-Key này đã được dùng cho một yêu cầu có nội dung khác; hãy dùng khóa mới cho yêu cầu mới.',
  );
}

/** The first answer again, marked as a replay. */
export function sendReplay(reply: FastifyReply, response: unknown): FastifyReply {
  return reply.code(200).header('idempotent-replayed', 'true').send(response);
}
