/**
 * Which proxies may tell the relay who the client is, for Fastify's `trustProxy`: the sign-in
 * limits count attempts per client address (`request.ip`), and that address comes from
 * X-Forwarded-For only when the connection comes from a trusted proxy; otherwise anyone could
 * put a fresh address in the header with every attempt.
 */
export type TrustProxy = false | readonly string[];

/**
 * Reads `TRUST_PROXY`: unset, empty, `false` or `0` trust no proxy (the default: the socket's
 * peer is the client); otherwise a comma list of the proxies' addresses or CIDRs (`127.0.0.1`,
 * `10.0.0.0/8`, or proxy-addr's names `loopback`, `linklocal`, `uniquelocal`). A hop count or
 * `true` is refused, not ignored: neither checks who the peer is, so any client could choose
 * its address (Fastify 5 itself ignores a hop count for that reason).
 */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  const text = value?.trim() ?? '';
  if (text === '' || text === 'false' || text === '0') return false;
  if (text === 'true' || /^\d+$/.test(text)) {
    throw new Error(`TRUST_PROXY must list the proxies' addresses or CIDRs (e.g. 127.0.0.1,10.0.0.0/8), not "${text}"`);
  }
  return text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}
