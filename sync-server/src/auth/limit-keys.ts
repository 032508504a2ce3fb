import { isIPv6 } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * A client address as the limits count it (@fastify/rate-limit's default does the same): an
 * IPv4 address as it is, an IPv4-mapped IPv6 one as its IPv4, any other IPv6 address by its /64,
 * the network one household or office gets, so a client cannot step through its 2^64 addresses.
 */
export function addressKey(ip: string): string {
  if (!isIPv6(ip)) return ip.toLowerCase();
  const bare = ip.split('%')[0] as string;
  const [head = '', tail] = bare.split('::');
  const groups = (part: string): string[] => (part === '' ? [] : part.split(':'));
  // An IPv4-mapped address (::ffff:a.b.c.d) is that IPv4 client.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (mapped) return mapped[1] as string;
  const front = groups(head);
  const back = tail === undefined ? [] : groups(tail);
  const full = [...front, ...Array(Math.max(0, 8 - front.length - back.length)).fill('0'), ...back];
  return `${full
    .slice(0, 4)
    .map((g) => Number.parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}

/**
 * The key of one limit's count. Every limit has a name of its own: counts kept in a store that
 * several relay nodes share (Redis) are one key space, so the sign-in attempts of an address
 * and its second steps, say, must not add up.
 */
export function limitKey(limit: string, subject: string): string {
  return `${limit}:${subject}`;
}

/** A limiter made by @fastify/rate-limit's `createRateLimit`. */
export type Limiter = (
  request: FastifyRequest,
) => Promise<{ isAllowed: boolean; isExceeded: boolean; ttlInSeconds: number } | { isAllowed: true; key: string }>;

/**
 * Counts one attempt: whether the limit is passed and when to try again, or null when the store
 * the counts live in cannot be reached (several nodes' Redis). The caller then refuses with
 * `limitsUnavailable`: an attempt is never let through uncounted, nor blamed on the person.
 */
export async function countAttempt(
  limit: Limiter,
  request: FastifyRequest,
): Promise<{ exceeded: boolean; retryAfter: number } | null> {
  try {
    const result = await limit(request);
    return 'isExceeded' in result
      ? { exceeded: !result.isAllowed && result.isExceeded, retryAfter: result.ttlInSeconds }
      : { exceeded: false, retryAfter: 0 };
  } catch (error) {
    request.log.error(error, 'limits store unreachable');
    return null;
  }
}

export const LIMITS_UNAVAILABLE =
  'Máy chủ tạm thời chưa đếm được số lần thử nên chưa nhận yêu cầu này; hãy thử lại sau ít phút.';

export function limitsUnavailable(reply: FastifyReply): FastifyReply {
  return reply
    .code(503)
    .header('retry-after', '30')
    .send({ statusCode: 503, error: 'limits_unavailable', message: LIMITS_UNAVAILABLE });
}
