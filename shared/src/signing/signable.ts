import * as v from 'valibot';
import { SHA256_HEX } from '../model/attachment.ts';
import { boundedText, CalendarDateSchema, IdSchema, nonBlankText } from '../validation/primitives.ts';

/**
 * What a signature covers, version 1 (docs/design.md §12): an official document's signable
 * fields and the SHA-256 of each of its files, the step of the review chain being signed, the
 * device's time of signing, and the signer with their key. Never CRDT bytes: their encoding is
 * not canonical. `canonical.ts` turns a value of this schema into the bytes that are signed.
 *
 * Changing anything here changes what old signatures mean: add a version 2 instead, and keep
 * verifying version 1.
 */
export const SIGNED_CONTENT_VERSION = 1;

export const SIGNABLE_KINDS = ['incoming', 'outgoing'] as const;
/** Loại văn bản (Decree 30/2020/NĐ-CP). The dossier model's picklists must stay these. */
export const DOC_TYPES = [
  'cong_van',
  'quyet_dinh',
  'ke_hoach',
  'thong_bao',
  'bao_cao',
  'to_trinh',
  'giay_moi',
  'chi_thi',
  'khac',
] as const;
/** Độ khẩn: thường, khẩn, thượng khẩn, hỏa tốc. */
export const URGENCIES = ['thuong', 'khan', 'thuong_khan', 'hoa_toc'] as const;
/** Độ mật: thường, mật, tối mật, tuyệt mật. */
export const CONFIDENTIALITY = ['thuong', 'mat', 'toi_mat', 'tuyet_mat'] as const;

/** A review chain's steps: people who review (xem xét) approve; the one who signs (ký ban hành) signs. */
export const STEP_ROLES = ['review', 'sign'] as const;
export const STEP_ACTIONS = ['approve', 'sign'] as const;
export type StepRole = (typeof STEP_ROLES)[number];
export type StepAction = (typeof STEP_ACTIONS)[number];
/** The action a step's role signs with; any other pairing is refused at verification. */
export const ACTION_OF_ROLE: Readonly<Record<StepRole, StepAction>> = { review: 'approve', sign: 'sign' };

/** Device keys only, for now. A CA-issued signature would be a new algorithm here (signature.ts). */
export const SIGNING_ALGORITHMS = ['ECDSA-P256'] as const;

export const SIGNABLE_LIMITS = {
  issuingBody: 300,
  numberSymbol: 60,
  summary: 2_000,
  body: 100_000,
  recipients: 500,
  files: 200,
  fileName: 255,
  /** 1 TiB: beyond any attachment, within safe integers. */
  fileSize: 2 ** 40,
  steps: 100,
} as const;

/** An integer JavaScript represents exactly: only these may appear in signed content. */
const SafeIntegerSchema = v.pipe(v.number(), v.safeInteger('only safe integers may be signed'));
const NaturalSchema = v.pipe(SafeIntegerSchema, v.minValue(0));
export const Sha256HexSchema = v.pipe(v.string(), v.regex(SHA256_HEX, 'a SHA-256 is 64 lowercase hex digits'));

export const SignedFileSchema = v.strictObject({
  name: v.pipe(v.string(), v.minLength(1), v.maxLength(SIGNABLE_LIMITS.fileName)),
  sha256: Sha256HexSchema,
  size: v.pipe(NaturalSchema, v.maxValue(SIGNABLE_LIMITS.fileSize)),
});
export type SignedFile = v.InferOutput<typeof SignedFileSchema>;

function distinct<T>(key: (item: T) => string) {
  return (items: T[]) => new Set(items.map(key)).size === items.length;
}

/** The document's fields that a signature covers: what the holder compares against what was signed. */
export const SignableDossierSchema = v.strictObject({
  id: IdSchema,
  kind: v.picklist(SIGNABLE_KINDS),
  /** The unit whose register the document is in. */
  unitId: IdSchema,
  issuingBody: nonBlankText(SIGNABLE_LIMITS.issuingBody),
  /** Số, ký hiệu; null while the register has not numbered it yet. */
  numberSymbol: v.nullable(v.pipe(v.string(), v.minLength(1), v.maxLength(SIGNABLE_LIMITS.numberSymbol))),
  date: CalendarDateSchema,
  docType: v.picklist(DOC_TYPES),
  /** Trích yếu. */
  summary: nonBlankText(SIGNABLE_LIMITS.summary),
  body: boundedText(SIGNABLE_LIMITS.body),
  urgency: v.picklist(URGENCIES),
  confidentiality: v.picklist(CONFIDENTIALITY),
  /** Nơi nhận: unit ids, sorted (canonical.ts sorts them), no repeats. */
  recipients: v.pipe(
    v.array(IdSchema),
    v.maxLength(SIGNABLE_LIMITS.recipients),
    v.check(
      distinct((id) => id),
      'a recipient is listed once',
    ),
  ),
  /** Sorted by SHA-256, then name (canonical.ts sorts them); the same file under the same name once. */
  files: v.pipe(
    v.array(SignedFileSchema),
    v.maxLength(SIGNABLE_LIMITS.files),
    v.check(
      distinct((f) => `${f.sha256}/${f.name}`),
      'a file is listed once under a name',
    ),
  ),
});
export type SignableDossier = v.InferOutput<typeof SignableDossierSchema>;
export type SignableField = Exclude<keyof SignableDossier, 'files'>;
export const SIGNABLE_FIELDS = Object.keys(SignableDossierSchema.entries).filter(
  (key): key is SignableField => key !== 'files',
);

export const SignedStepSchema = v.strictObject({
  /** The step's place in the review chain, from 0. */
  index: v.pipe(NaturalSchema, v.maxValue(SIGNABLE_LIMITS.steps - 1)),
  role: v.picklist(STEP_ROLES),
  action: v.picklist(STEP_ACTIONS),
});

export const SignerSchema = v.strictObject({
  personId: IdSchema,
  keyId: IdSchema,
  algorithm: v.picklist(SIGNING_ALGORITHMS),
});
export type Signer = v.InferOutput<typeof SignerSchema>;

export const SignedContentSchema = v.strictObject({
  v: v.literal(SIGNED_CONTENT_VERSION),
  dossier: SignableDossierSchema,
  step: SignedStepSchema,
  /** The device's time of signing, ms since the epoch. */
  at: NaturalSchema,
  signer: SignerSchema,
});
export type SignedContent = v.InferOutput<typeof SignedContentSchema>;
