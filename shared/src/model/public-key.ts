import * as v from 'valibot';
import type * as Y from 'yjs';
import { parseOrThrow } from '../validation/parse.ts';
import { IdSchema, TimestampSchema } from '../validation/primitives.ts';
import { unitKeys, unitRevocations } from './unit-page-doc.ts';

/**
 * A device's public signing key, published on its owner's unit page so that anyone can verify
 * an approval offline (docs/design.md §9). Keys are revoked, never deleted: old signatures must
 * stay verifiable.
 */
export const KEY_ALGORITHMS = ['ECDSA-P256', 'Ed25519'] as const;

export const PublicKeySchema = v.object({
  personId: IdSchema,
  keyId: IdSchema,
  algorithm: v.picklist(KEY_ALGORITHMS),
  /** SPKI, base64url. */
  spki: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{40,800}$/)),
  at: TimestampSchema,
  revokedAt: v.optional(TimestampSchema),
});
export type PublicKey = v.InferOutput<typeof PublicKeySchema>;

export function publishPublicKey(doc: Y.Doc, key: PublicKey): void {
  const valid = parseOrThrow(PublicKeySchema, key, 'public key');
  unitKeys(doc).set(`${valid.personId}/${valid.keyId}`, { ...valid });
}

export function revokePublicKey(doc: Y.Doc, personId: string, keyId: string, at: number): void {
  const current = v.safeParse(PublicKeySchema, unitKeys(doc).get(`${personId}/${keyId}`));
  if (!current.success) throw new Error(`no key ${keyId} for ${personId}`);
  unitKeys(doc).set(`${personId}/${keyId}`, { ...current.output, revokedAt: at });
}

export const RevocationSchema = v.object({ at: TimestampSchema, by: IdSchema });

/**
 * A directory editor of the unit (its administrator) revokes someone's key: recorded in its own
 * entry, in the editor's name, so the owner's entry stays theirs. The earlier of the two
 * revocations counts.
 */
export function revokeKeyAsEditor(doc: Y.Doc, personId: string, keyId: string, by: string, at: number): void {
  if (!unitKeys(doc).has(`${personId}/${keyId}`)) throw new Error(`no key ${keyId} for ${personId}`);
  unitRevocations(doc).set(`${personId}/${keyId}`, parseOrThrow(RevocationSchema, { at, by }, 'revocation'));
}

export function readPublicKeys(doc: Y.Doc): PublicKey[] | null {
  const out: PublicKey[] = [];
  const revocations = unitRevocations(doc);
  for (const [key, raw] of unitKeys(doc).entries()) {
    const parsed = v.safeParse(PublicKeySchema, raw);
    if (!parsed.success || key !== `${parsed.output.personId}/${parsed.output.keyId}`) return null;
    const revoked = v.safeParse(RevocationSchema, revocations.get(key));
    const own = parsed.output.revokedAt;
    if (revoked.success && (own === undefined || revoked.output.at < own)) {
      out.push({ ...parsed.output, revokedAt: revoked.output.at });
    } else out.push(parsed.output);
  }
  for (const [key, raw] of revocations.entries()) {
    if (!unitKeys(doc).has(key) || !v.is(RevocationSchema, raw)) return null;
  }
  return out.sort((a, b) => (a.personId + a.keyId < b.personId + b.keyId ? -1 : 1));
}
