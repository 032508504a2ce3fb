import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendInFlight, sendKeyReused, sendRefusal, sendReplay } from './api-answers.ts';
import { callerOf } from './api-guard.ts';
import { derivedId, type IdempotencyStore, requestHash } from './idempotency.ts';
import type { Refusal } from './write-docs.ts';

/** The audit line of the request names the doc its answer names. */
function noteDoc(request: FastifyRequest, response: unknown, replayed: boolean): void {
  const audit = request.apiAudit;
  const docId = (response as { docId?: unknown } | null)?.docId;
  if (!audit) return;
  if (typeof docId === 'string') audit.docId = docId;
  if (replayed) audit.detail.replayed = true;
}

/** What a keyed request's work produced: its answer, or the relay's refusal. */
export type KeyedOutcome = { readonly ok: true; readonly response: unknown } | ({ readonly ok: false } & Refusal);

/**
 * Runs a creating request under its `Idempotency-Key`: the first with the key does `work` with an
 * id derived from the token, the key and the body, and its 201 answer is kept; later ones with the
 * same body get that answer again (200, `Idempotent-Replayed: true`), with another body a 422, and
 * while the first is still working a 409. A refused or failed first request keeps nothing.
 */
export async function keyedRequest(
  store: IdempotencyStore,
  request: FastifyRequest,
  reply: FastifyReply,
  work: (id: string) => Promise<KeyedOutcome>,
): Promise<FastifyReply> {
  const { token, tokenHash } = callerOf(request);
  const key = request.headers['idempotency-key'] as string;
  const hash = requestHash(`${request.method} ${request.routeOptions.url}`, request.body);
  const reservation = await store.reserve(token.id, key, hash);
  if (reservation.kind === 'mismatch') return sendKeyReused(reply);
  if (reservation.kind === 'in_flight') return sendInFlight(reply);
  if (reservation.kind === 'replay') {
    noteDoc(request, reservation.response, true);
    return sendReplay(reply, reservation.response);
  }
  let outcome: KeyedOutcome;
  try {
    outcome = await work(derivedId(tokenHash, key, hash));
  } catch (error) {
    await store.release(token.id, key);
    throw error;
  }
  if (!outcome.ok) {
    await store.release(token.id, key);
    if (request.apiAudit) request.apiAudit.detail.refused = outcome.message;
    return sendRefusal(reply, outcome);
  }
  noteDoc(request, outcome.response, false);
  await store.complete(token.id, key, 201, outcome.response);
  return reply.code(201).send(outcome.response);
}
