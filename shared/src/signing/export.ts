import * as v from 'valibot';
import { type PublicKey, PublicKeySchema } from '../model/public-key.ts';
import { ModelValidationError, parseOrThrow } from '../validation/parse.ts';
import { TimestampSchema } from '../validation/primitives.ts';
import { fromBase64, sha256Hex, toBase64 } from './bytes.ts';
import { normalizeDossier } from './canonical.ts';
import { SIGNABLE_LIMITS, type SignableDossier, SignableDossierSchema, SignedFileSchema } from './signable.ts';
import { type ReceivedStatement, ReceivedStatementSchema } from './signature.ts';
import { ChainSchema, type ChainStep, type DossierVerification, verifyDossierSignatures } from './verify.ts';

/**
 * An exported document, verifiable by anyone with `pnpm verify-document <file>` and no access
 * to the app (docs/design.md §12). JSON, format version 1:
 *
 *   { format: 'thongsuot-dossier', version: 1,
 *     content:    the document's current signable fields (signable.ts SignableDossier),
 *     files:      [{ name, sha256, size, base64? }] — the same files as content.files; with
 *                 `base64` (standard, padded) the verifier hashes the bytes itself,
 *     statements: [{ content, signature, canonicalSha256, receivedAt }] (signature.ts),
 *     keys:       the registry entries (PublicKey, revoked ones too) of the signers and of the
 *                 chain's people, and any other key with a signer's key id,
 *     chain:      [{ index, role, personId }],
 *     exportedAt: ms since the epoch }
 */
export const EXPORT_FORMAT = 'thongsuot-dossier';
export const EXPORT_VERSION = 1;

export const ExportedFileSchema = v.strictObject({
  ...SignedFileSchema.entries,
  base64: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9+/]*={0,2}$/, 'file bytes are standard base64'))),
});
export type ExportedFile = v.InferOutput<typeof ExportedFileSchema>;

export const ExportedDossierSchema = v.strictObject({
  format: v.literal(EXPORT_FORMAT),
  version: v.literal(EXPORT_VERSION),
  content: SignableDossierSchema,
  files: v.pipe(v.array(ExportedFileSchema), v.maxLength(SIGNABLE_LIMITS.files)),
  statements: v.pipe(v.array(ReceivedStatementSchema), v.maxLength(1_000)),
  keys: v.pipe(v.array(PublicKeySchema), v.maxLength(10_000)),
  chain: ChainSchema,
  exportedAt: TimestampSchema,
});
export type ExportedDossier = v.InferOutput<typeof ExportedDossierSchema>;

export interface ExportInput {
  readonly content: SignableDossier;
  /** The document's files; with `bytes` they are embedded. */
  readonly files: readonly { name: string; sha256: string; size: number; bytes?: Uint8Array }[];
  readonly statements: readonly ReceivedStatement[];
  /** The registry (everyone's keys will do): only the entries the verifier needs are kept. */
  readonly keys: readonly PublicKey[];
  readonly chain: readonly ChainStep[];
  readonly exportedAt: number;
}

const fileId = (f: { name: string; sha256: string; size: number }) => `${f.sha256}/${f.name}/${f.size}`;

/** Builds an exported document; throws ModelValidationError if the result would not read back. */
export function exportDossier(input: ExportInput): ExportedDossier {
  const people = new Set([
    ...input.statements.map((s) => s.content.signer.personId),
    ...input.chain.map((s) => s.personId),
  ]);
  const keyIds = new Set(input.statements.map((s) => s.content.signer.keyId));
  const keys = input.keys
    .filter((k) => people.has(k.personId) || keyIds.has(k.keyId))
    .sort((a, b) => (a.personId === b.personId ? (a.keyId < b.keyId ? -1 : 1) : a.personId < b.personId ? -1 : 1));
  const exported = {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    content: normalizeDossier(input.content),
    files: input.files.map(({ name, sha256, size, bytes }) =>
      bytes ? { name, sha256, size, base64: toBase64(bytes) } : { name, sha256, size },
    ),
    statements: input.statements.map((s) => ({ ...s })),
    keys: keys.map((k) => ({ ...k })),
    chain: [...input.chain].sort((a, b) => a.index - b.index).map((s) => ({ ...s })),
    exportedAt: input.exportedAt,
  };
  return readExportedDossier(exported);
}

/**
 * Reads an exported document (parsed JSON). Throws ModelValidationError when it is not one, or
 * when its file list is not the same as its content's.
 */
export function readExportedDossier(json: unknown): ExportedDossier {
  const exported = parseOrThrow(ExportedDossierSchema, json, 'exported document');
  const listed = new Set(exported.content.files.map(fileId));
  const given = new Set(exported.files.map(fileId));
  if (listed.size !== given.size || [...given].some((id) => !listed.has(id)) || given.size !== exported.files.length) {
    throw new ModelValidationError('exported document', ['files: not the same files as content.files']);
  }
  return exported;
}

export interface FileCheck {
  readonly name: string;
  /** The hash the document lists. */
  readonly claimedSha256: string;
  /** The hash of the bytes the verifier had; null when it had none. */
  readonly actualSha256: string | null;
  readonly actualSize: number | null;
}

export interface ExportVerification extends DossierVerification {
  readonly files: readonly FileCheck[];
  /** Files whose bytes the verifier did not have: their hashes are only claimed. */
  readonly unchecked: readonly string[];
}

/**
 * Verifies an exported document: hashes each file's bytes — embedded, or from `bytesOf` (files
 * beside it) — and checks the signatures against the document with those actual hashes.
 */
export async function verifyExportedDossier(
  exported: ExportedDossier,
  bytesOf: (file: ExportedFile) => Promise<Uint8Array | null> = async () => null,
): Promise<ExportVerification> {
  const files: FileCheck[] = [];
  for (const file of exported.files) {
    const bytes = file.base64 !== undefined ? fromBase64(file.base64) : await bytesOf(file);
    files.push({
      name: file.name,
      claimedSha256: file.sha256,
      actualSha256: bytes ? await sha256Hex(bytes) : null,
      actualSize: bytes ? bytes.length : null,
    });
  }
  const current = {
    ...exported.content,
    files: files.map((f, i) => ({
      name: f.name,
      sha256: f.actualSha256 ?? f.claimedSha256,
      size: f.actualSize ?? exported.files[i]?.size ?? 0,
    })),
  };
  const result = await verifyDossierSignatures({
    current,
    statements: exported.statements,
    keys: exported.keys,
    chain: exported.chain,
  });
  return { ...result, files, unchecked: files.filter((f) => f.actualSha256 === null).map((f) => f.name) };
}
