import * as v from 'valibot';
import { TimestampSchema } from '../validation/primitives.ts';
import {
  fromBase64url,
  P256_KEY_PARAMS,
  P256_SIGN_PARAMS,
  type SigningKeyHandle,
  sha256Hex,
  subtle,
  toBase64url,
} from './bytes.ts';
import { canonicalBytes, normalizeContent } from './canonical.ts';
import { Sha256HexSchema, type SignedContent, SignedContentSchema, type Signer } from './signable.ts';

/**
 * A signed statement: the content (signable.ts), the signature over its canonical bytes
 * (canonical.ts), and the SHA-256 of those bytes. For `ECDSA-P256` the signature is the IEEE
 * P1363 encoding WebCrypto produces — r ‖ s, 32 bytes each — in base64url without padding.
 */
export interface SignedStatement {
  readonly content: SignedContent;
  readonly signature: string;
  readonly canonicalSha256: string;
}

export const SignedStatementSchema = v.strictObject({
  content: SignedContentSchema,
  signature: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,65536}$/, 'a signature is base64url')),
  canonicalSha256: Sha256HexSchema,
});

/** A statement as a holder has it: with the time the relay received it, when it has. */
export const ReceivedStatementSchema = v.strictObject({
  ...SignedStatementSchema.entries,
  /** The relay's receipt time (`received` map of the dossier doc, shared/src/model/receipts.ts); null if none. */
  receivedAt: v.nullable(TimestampSchema),
});
export type ReceivedStatement = v.InferOutput<typeof ReceivedStatementSchema>;

const P1363_P256_BYTES = 64;

/**
 * Signs content with a device's private key (ECDSA P-256, SHA-256). The content is normalized
 * first; the statement carries the normalized content, so what is stored is what was signed.
 * Throws ModelValidationError for content outside the schema.
 */
export async function signContent(privateKey: SigningKeyHandle, content: SignedContent): Promise<SignedStatement> {
  const normalized = normalizeContent(content);
  const bytes = canonicalBytes(normalized);
  const signature = new Uint8Array(await subtle().sign(P256_SIGN_PARAMS, privateKey, bytes));
  return { content: normalized, signature: toBase64url(signature), canonicalSha256: await sha256Hex(bytes) };
}

/** The verifying key of a published SPKI (base64url), or null if it is not a P-256 public key. */
export async function importVerifyingKey(spki: string): Promise<SigningKeyHandle | null> {
  try {
    return await subtle().importKey('spki', fromBase64url(spki), P256_KEY_PARAMS, true, ['verify']);
  } catch {
    return null;
  }
}

/**
 * Whether `signature` is an ECDSA P-256 signature of `content`'s canonical bytes by the key
 * `spki`. False for anything malformed (content outside the schema, a signature not 64 bytes,
 * a key that is not P-256); never throws for bad input.
 */
export async function verifySignature(
  spki: string | SigningKeyHandle,
  content: unknown,
  signature: string,
): Promise<boolean> {
  let bytes: Uint8Array;
  let raw: Uint8Array;
  try {
    bytes = canonicalBytes(content);
    raw = fromBase64url(signature);
  } catch {
    return false;
  }
  if (raw.length !== P1363_P256_BYTES) return false;
  const key = typeof spki === 'string' ? await importVerifyingKey(spki) : spki;
  if (!key) return false;
  try {
    return await subtle().verify(P256_SIGN_PARAMS, key, raw, bytes);
  } catch {
    return false;
  }
}

/**
 * Who can sign: the seam between the app and a way of signing. The app builds the content
 * (which step, which signer, the time) and asks a provider for a statement; what is stored and
 * verified is always a statement over the canonical encoding, whoever made it.
 */
export interface SigningProvider {
  /** `device-key`, `ca-local-service`: recorded nowhere, for choosing and for logs. */
  readonly id: string;
  sign(content: SignedContent): Promise<SignedStatement>;
}

/**
 * Signs with the person's key made on this device (client/src/directory/directory-edits.ts):
 * non-extractable, its public half published in the key registry under `signer`.
 */
export class DeviceKeyProvider implements SigningProvider {
  readonly id = 'device-key';
  readonly #privateKey: SigningKeyHandle;
  readonly #signer: Omit<Signer, 'algorithm'>;

  constructor(privateKey: SigningKeyHandle, signer: Omit<Signer, 'algorithm'>) {
    if (privateKey.type !== 'private' || !privateKey.usages.includes('sign')) {
      throw new Error('a device signing key must be a private key usable for signing');
    }
    if (privateKey.extractable) throw new Error('a device signing key must not be extractable');
    this.#privateKey = privateKey;
    this.#signer = { personId: signer.personId, keyId: signer.keyId };
  }

  /** The registry id of the key this device signs with. */
  get keyId(): string {
    return this.#signer.keyId;
  }

  sign(content: SignedContent): Promise<SignedStatement> {
    const { personId, keyId, algorithm } = content.signer;
    if (personId !== this.#signer.personId || keyId !== this.#signer.keyId || algorithm !== 'ECDSA-P256') {
      return Promise.reject(new Error(`this device signs as ${this.#signer.personId}/${this.#signer.keyId} only`));
    }
    return signContent(this.#privateKey, content);
  }
}

export const CA_NOT_CONNECTED =
  'Chưa kết nối được dịch vụ ký số của tổ chức chứng thực; hãy ký bằng khóa trên thiết bị.';

/** No way to sign this way here: the message is for the person, in Vietnamese. */
export class SigningUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SigningUnavailableError';
  }
}

/**
 * The seam for signatures issued under a certificate of a licensed CA (chữ ký số công cộng,
 * through the national CA's local signing service or a token's middleware). NOT implemented:
 * `sign` always throws `CA_NOT_CONNECTED`, and no CA signature is ever faked.
 *
 * What a real provider would do and return:
 * - sign the same bytes, `canonicalBytes(content)` (domain separator included), through the
 *   service, which holds the key on a token or HSM and asks the person for their PIN;
 * - return a statement whose `content.signer.algorithm` names the format, e.g. a new
 *   `'CMS-CA'` (signed content version 2, or version 1's SIGNING_ALGORITHMS widened — old
 *   statements keep verifying either way), whose `signature` is a detached CMS / PKCS#7
 *   SignedData (base64url DER) — or the CA's own format, as its service documents it — and
 *   which carries the certificate chain (signer certificate up to the national root CA, DER,
 *   base64url) and, if the service gives one, a timestamp token and OCSP responses;
 * - `signer.keyId` would be the certificate's serial and issuer, not a registry key.
 *
 * How verification would dispatch (verify.ts): on `content.signer.algorithm`. `ECDSA-P256`
 * looks the key up in the registry and checks it was valid at the deciding time, as now; a CA
 * format verifies the CMS over the canonical bytes, builds the chain to a pinned national root,
 * checks the certificate's validity at the deciding time (revocation by CRL/OCSP), and that the
 * certificate's subject is the chain's person for the step. The statuses stay the same.
 */
export class CaSigningProvider implements SigningProvider {
  readonly id = 'ca-local-service';

  sign(_content: SignedContent): Promise<SignedStatement> {
    return Promise.reject(new SigningUnavailableError(CA_NOT_CONNECTED));
  }
}
