import canonicalize from 'canonicalize';
import { ModelValidationError, parseOrThrow } from '../validation/parse.ts';
import { sha256Hex, utf8 } from './bytes.ts';
import {
  type SignableDossier,
  SignableDossierSchema,
  type SignedContent,
  SignedContentSchema,
  type SignedFile,
} from './signable.ts';

/**
 * The bytes a signature covers (docs/design.md §12):
 *
 *   SIGNATURE_DOMAIN ‖ JCS(normalize(content))        as UTF-8
 *
 * - normalize: every string NFC-normalized (a "ệ" typed as e + U+0323 + U+0302 is the same
 *   text as the precomposed U+1EC7), then validated against `SignedContentSchema` (strict: no
 *   key it does not name, only safe integers), then recipients sorted and files sorted by
 *   SHA-256 then name, by UTF-16 code units, so their order in a CRDT never matters;
 * - JCS: RFC 8785 JSON Canonicalization Scheme (the `canonicalize` package): keys sorted by
 *   UTF-16 code units, no whitespace, strings escaped as ECMAScript's JSON.stringify does,
 *   numbers as ECMAScript prints them — for the safe integers allowed here, plain digits;
 * - the domain separator: these bytes are never a valid input of any other signature the app
 *   may make one day, so a signature can't be replayed for another purpose.
 *
 * `canonicalize` 4.x, not 5.x: 5.x requires Node ≥ 22 and uses String.prototype.isWellFormed
 * (ES2024), while the project runs on Node 20 and targets ES2022 browsers. 4.x has the same
 * output and checks lone surrogates by hand.
 */
export const SIGNATURE_DOMAIN = 'thongsuot-signature-v1\n';

/** Every string NFC-normalized, everything else as it is; keys are kept as they are. */
function nfcDeep(value: unknown): unknown {
  if (typeof value === 'string') return value.normalize('NFC');
  if (Array.isArray(value)) return value.map(nfcDeep);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    // fromEntries defines own properties, so a "__proto__" key stays a key for the schema to refuse.
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, nfcDeep(v)]));
  }
  return value;
}

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortFiles(files: readonly SignedFile[]): SignedFile[] {
  return [...files].sort((a, b) => byCodeUnits(a.sha256, b.sha256) || byCodeUnits(a.name, b.name));
}

function sortDossier(dossier: SignableDossier): SignableDossier {
  return { ...dossier, recipients: [...dossier.recipients].sort(byCodeUnits), files: sortFiles(dossier.files) };
}

/** The document's signable fields, NFC-normalized, validated and sorted; throws ModelValidationError. */
export function normalizeDossier(value: unknown): SignableDossier {
  return sortDossier(parseOrThrow(SignableDossierSchema, nfcDeep(value), 'signable document'));
}

/** Signed content, NFC-normalized, validated and sorted; throws ModelValidationError. */
export function normalizeContent(value: unknown): SignedContent {
  const content = parseOrThrow(SignedContentSchema, nfcDeep(value), 'signed content');
  return { ...content, dossier: sortDossier(content.dossier) };
}

const LONE_SURROGATE = /\p{Surrogate}/u;

/** What JCS is given: only null, booleans, well-formed strings, safe integers, arrays and plain objects. */
function assertCanonicalValue(value: unknown, path: string): void {
  if (value === null || typeof value === 'boolean') return;
  if (typeof value === 'string') {
    if (LONE_SURROGATE.test(value)) throw invalid(path, 'a string must be well-formed Unicode (a lone surrogate)');
    if (value !== value.normalize('NFC')) throw invalid(path, 'a string must be NFC');
    return;
  }
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw invalid(path, `only integers may be signed, not ${value}`);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      assertCanonicalValue(item, `${path}.${i}`);
    });
    return;
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [key, item] of Object.entries(value)) assertCanonicalValue(item, path ? `${path}.${key}` : key);
    return;
  }
  throw invalid(path, `a ${typeof value} can't be signed`);
}

function invalid(path: string, message: string): ModelValidationError {
  return new ModelValidationError('signed content', [path ? `${path}: ${message}` : message]);
}

/** RFC 8785 JSON of the normalized content (without the domain separator). */
export function canonicalJson(content: unknown): string {
  const normalized = normalizeContent(content);
  assertCanonicalValue(normalized, '');
  const json = canonicalize(normalized);
  if (json === undefined) throw invalid('', 'nothing to sign');
  return json;
}

/** The exact bytes that are signed: UTF-8 of the domain separator and the canonical JSON. */
export function canonicalBytes(content: unknown): Uint8Array {
  return utf8(SIGNATURE_DOMAIN + canonicalJson(content));
}

/** Hex SHA-256 of the signed bytes: names a statement, e.g. in a list of signatures. */
export function canonicalSha256(content: unknown): Promise<string> {
  return sha256Hex(canonicalBytes(content));
}
