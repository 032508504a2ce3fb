import fc from 'fast-check';
import {
  CONFIDENTIALITY,
  DOC_TYPES,
  SIGNABLE_KINDS,
  type SignableDossier,
  type SignedContent,
  type SignedFile,
  STEP_ACTIONS,
  STEP_ROLES,
  URGENCIES,
} from './signable.ts';

/** Tests only: fast-check generators of valid signable content (seeded in each test). */

const CHARS = ['a', 'ă', 'â', 'ệ', 'Đ', 'đ', 'ơ', 'ư', 'Ũ', 'ỹ', 'B', 'z', '0', ' ', '/', '-', '"', '\\', '\n', '😀'];
export const idArb = fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/);
export const textArb = (maxLength: number) => fc.string({ unit: fc.constantFrom(...CHARS), maxLength });
export const nonBlankArb = (maxLength: number) => textArb(maxLength).filter((s) => s.trim() !== '');
export const sha256Arb = fc.stringMatching(/^[0-9a-f]{64}$/);
export const dateArb = fc
  .integer({ min: 0, max: 20_000 })
  .map((days) => new Date(Date.UTC(2000, 0, 1) + days * 86_400_000).toISOString().slice(0, 10));

export const fileArb: fc.Arbitrary<SignedFile> = fc.record({
  name: nonBlankArb(20),
  sha256: sha256Arb,
  size: fc.integer({ min: 0, max: 2 ** 40 }),
});

export const dossierArb: fc.Arbitrary<SignableDossier> = fc.record({
  id: idArb,
  kind: fc.constantFrom(...SIGNABLE_KINDS),
  unitId: idArb,
  issuingBody: nonBlankArb(30),
  numberSymbol: fc.option(nonBlankArb(20), { nil: null }),
  date: dateArb,
  docType: fc.constantFrom(...DOC_TYPES),
  summary: nonBlankArb(60),
  body: textArb(200),
  urgency: fc.constantFrom(...URGENCIES),
  confidentiality: fc.constantFrom(...CONFIDENTIALITY),
  recipients: fc.uniqueArray(idArb, { maxLength: 5 }),
  files: fc.uniqueArray(fileArb, { maxLength: 4, selector: (f) => `${f.sha256}/${f.name.normalize('NFC')}` }),
});

export const contentArb: fc.Arbitrary<SignedContent> = fc.record({
  v: fc.constant(1 as const),
  dossier: dossierArb,
  step: fc.record({
    index: fc.integer({ min: 0, max: 99 }),
    role: fc.constantFrom(...STEP_ROLES),
    action: fc.constantFrom(...STEP_ACTIONS),
  }),
  at: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
  signer: fc.record({ personId: idArb, keyId: idArb, algorithm: fc.constant('ECDSA-P256' as const) }),
});

/** The same JSON value with every object's keys in another order (a permutation from `seed`). */
export function shuffleKeys(value: unknown, seed: number): unknown {
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v === null || typeof v !== 'object') return v;
    const entries = Object.entries(v).map(([k, x]) => [k, walk(x)] as const);
    for (let i = entries.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [entries[i], entries[j]] = [entries[j] as (typeof entries)[number], entries[i] as (typeof entries)[number]];
    }
    return Object.fromEntries(entries);
  };
  return walk(value);
}

/** One way to change signed content, with its new value different from the old. */
export type Mutation = (content: SignedContent) => SignedContent | null;

function setField(key: keyof SignableDossier, value: unknown): Mutation {
  return (c) => ({ ...c, dossier: { ...c.dossier, [key]: value } });
}

/** A random change to any one field of the content (the caller skips those that change nothing). */
export const mutationArb: fc.Arbitrary<{ field: string; apply: Mutation }> = fc.oneof(
  ...(
    [
      ['id', idArb],
      ['kind', fc.constantFrom(...SIGNABLE_KINDS)],
      ['unitId', idArb],
      ['issuingBody', nonBlankArb(30)],
      ['numberSymbol', fc.option(nonBlankArb(20), { nil: null })],
      ['date', dateArb],
      ['docType', fc.constantFrom(...DOC_TYPES)],
      ['summary', nonBlankArb(60)],
      ['body', textArb(200)],
      ['urgency', fc.constantFrom(...URGENCIES)],
      ['confidentiality', fc.constantFrom(...CONFIDENTIALITY)],
      ['recipients', fc.uniqueArray(idArb, { maxLength: 5 })],
    ] as const
  ).map(([key, arb]) => (arb as fc.Arbitrary<unknown>).map((value) => ({ field: key, apply: setField(key, value) }))),
  fc.tuple(fc.nat(), fc.nat(63), fc.integer({ min: 1, max: 15 })).map(([which, at, xor]) => ({
    field: 'files.sha256',
    apply: (c: SignedContent) => {
      if (c.dossier.files.length === 0) return null;
      const i = which % c.dossier.files.length;
      const files = c.dossier.files.map((f, j) => (j === i ? { ...f, sha256: flipHex(f.sha256, at, xor) } : f));
      return { ...c, dossier: { ...c.dossier, files } };
    },
  })),
  fileArb.map((file) => ({
    field: 'files.added',
    apply: (c: SignedContent) => ({ ...c, dossier: { ...c.dossier, files: [...c.dossier.files, file] } }),
  })),
  fc.nat().map((which) => ({
    field: 'files.removed',
    apply: (c: SignedContent) =>
      c.dossier.files.length === 0
        ? null
        : {
            ...c,
            dossier: { ...c.dossier, files: c.dossier.files.filter((_, j) => j !== which % c.dossier.files.length) },
          },
  })),
  fc
    .integer({ min: 0, max: Number.MAX_SAFE_INTEGER })
    .map((at) => ({ field: 'at', apply: (c: SignedContent) => ({ ...c, at }) })),
  fc.integer({ min: 0, max: 99 }).map((index) => ({
    field: 'step.index',
    apply: (c: SignedContent) => ({ ...c, step: { ...c.step, index } }),
  })),
  fc
    .constantFrom(...STEP_ROLES)
    .map((role) => ({ field: 'step.role', apply: (c: SignedContent) => ({ ...c, step: { ...c.step, role } }) })),
  idArb.map((personId) => ({
    field: 'signer.personId',
    apply: (c: SignedContent) => ({ ...c, signer: { ...c.signer, personId } }),
  })),
  idArb.map((keyId) => ({
    field: 'signer.keyId',
    apply: (c: SignedContent) => ({ ...c, signer: { ...c.signer, keyId } }),
  })),
);

/** The hex string with one digit changed (xor 1..15 on digit `at`). */
export function flipHex(hex: string, at: number, xor: number): string {
  const digit = (Number.parseInt(hex.charAt(at), 16) ^ xor).toString(16);
  return hex.slice(0, at) + digit + hex.slice(at + 1);
}
