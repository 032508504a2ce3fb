/**
 * The little of WebCrypto and text encoding that signing needs, typed here because shared/ is
 * compiled without the DOM or Node type libraries (see platform.d.ts). Browsers (in a secure
 * context) and Node ≥ 20 both provide `globalThis.crypto.subtle` and `TextEncoder`.
 */

/** A WebCrypto key. A DOM `CryptoKey` is one, so the client passes its keys in unchanged. */
export interface SigningKeyHandle {
  readonly type: string;
  readonly extractable: boolean;
  readonly algorithm: object;
  readonly usages: readonly string[];
}

export interface SigningKeyPair {
  readonly publicKey: SigningKeyHandle;
  readonly privateKey: SigningKeyHandle;
}

/** ECDSA on P-256: the algorithm device keys use (docs/design.md §9). */
export const P256_KEY_PARAMS = { name: 'ECDSA', namedCurve: 'P-256' } as const;
export const P256_SIGN_PARAMS = { name: 'ECDSA', hash: 'SHA-256' } as const;

interface Subtle {
  digest(algorithm: 'SHA-256', data: Uint8Array): Promise<ArrayBuffer>;
  sign(algorithm: typeof P256_SIGN_PARAMS, key: SigningKeyHandle, data: Uint8Array): Promise<ArrayBuffer>;
  verify(
    algorithm: typeof P256_SIGN_PARAMS,
    key: SigningKeyHandle,
    signature: Uint8Array,
    data: Uint8Array,
  ): Promise<boolean>;
  importKey(
    format: 'spki',
    keyData: Uint8Array,
    algorithm: typeof P256_KEY_PARAMS,
    extractable: boolean,
    usages: readonly string[],
  ): Promise<SigningKeyHandle>;
  exportKey(format: 'spki', key: SigningKeyHandle): Promise<ArrayBuffer>;
  generateKey(
    algorithm: typeof P256_KEY_PARAMS,
    extractable: boolean,
    usages: readonly string[],
  ): Promise<SigningKeyPair>;
}

interface Platform {
  crypto?: { subtle?: Subtle };
  TextEncoder?: new () => { encode(text: string): Uint8Array };
}

const platform = globalThis as unknown as Platform;

/** WebCrypto's SubtleCrypto; throws where there is none (a page served over plain http). */
export function subtle(): Subtle {
  const found = platform.crypto?.subtle;
  if (!found)
    throw new Error('Thiết bị này không hỗ trợ WebCrypto (crypto.subtle): không thể ký hoặc kiểm tra chữ ký.');
  return found;
}

export function utf8(text: string): Uint8Array {
  const Encoder = platform.TextEncoder;
  if (!Encoder) throw new Error('TextEncoder is not available');
  return new Encoder().encode(text);
}

export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

/** Lowercase hex SHA-256, as files are addressed (docs/design.md §13). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  return toHex(new Uint8Array(await subtle().digest('SHA-256', bytes)));
}

/** A non-extractable ECDSA P-256 key pair, as `createSigningKey` in the client makes one. */
export function generateDeviceKeyPair(): Promise<SigningKeyPair> {
  return subtle().generateKey(P256_KEY_PARAMS, false, ['sign', 'verify']);
}

/** The public half of a key pair, SPKI in base64url: the form the key registry publishes. */
export async function exportSpki(publicKey: SigningKeyHandle): Promise<string> {
  return toBase64url(new Uint8Array(await subtle().exportKey('spki', publicKey)));
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function encode(bytes: Uint8Array, alphabet: string, pad: boolean): string {
  const parts: string[] = [];
  let chunk = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] ?? 0;
    const b = bytes[i + 1] ?? 0;
    const c = bytes[i + 2] ?? 0;
    const n = (a << 16) | (b << 8) | c;
    const left = bytes.length - i;
    chunk += alphabet[(n >> 18) & 63];
    chunk += alphabet[(n >> 12) & 63];
    chunk += left > 1 ? alphabet[(n >> 6) & 63] : pad ? '=' : '';
    chunk += left > 2 ? alphabet[n & 63] : pad ? '=' : '';
    if (chunk.length >= 8192) {
      parts.push(chunk);
      chunk = '';
    }
  }
  parts.push(chunk);
  return parts.join('');
}

const tables = new Map<string, Int16Array>();

function table(alphabet: string): Int16Array {
  let found = tables.get(alphabet);
  if (!found) {
    found = new Int16Array(128).fill(-1);
    for (let i = 0; i < alphabet.length; i++) found[alphabet.charCodeAt(i)] = i;
    tables.set(alphabet, found);
  }
  return found;
}

function decode(text: string, alphabet: string): Uint8Array {
  const digits = table(alphabet);
  const body = text.replace(/=+$/, '');
  if (body.length % 4 === 1) throw new Error('invalid base64 length');
  const out = new Uint8Array(Math.floor((body.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let at = 0;
  for (let i = 0; i < body.length; i++) {
    const code = body.charCodeAt(i);
    const digit = code < 128 ? (digits[code] ?? -1) : -1;
    if (digit < 0) throw new Error(`invalid base64 character at ${i}`);
    value = ((value << 6) | digit) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (value >> bits) & 0xff;
    }
  }
  return out;
}

export function toBase64url(bytes: Uint8Array): string {
  return encode(bytes, URL_ALPHABET, false);
}

export function fromBase64url(text: string): Uint8Array {
  return decode(text, URL_ALPHABET);
}

/** Standard base64 with padding: how an exported document embeds file bytes. */
export function toBase64(bytes: Uint8Array): string {
  return encode(bytes, ALPHABET, true);
}

export function fromBase64(text: string): Uint8Array {
  return decode(text, ALPHABET);
}
