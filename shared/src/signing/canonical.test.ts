import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ModelValidationError } from '../validation/parse.ts';
import { contentArb, mutationArb, shuffleKeys } from './arbitraries.ts';
import { utf8 } from './bytes.ts';
import { canonicalBytes, canonicalJson, normalizeContent, SIGNATURE_DOMAIN } from './canonical.ts';
import type { SignedContent } from './signable.ts';

const SHA_A = 'a'.repeat(64);
const SHA_B = `${'0'.repeat(63)}b`;

const content: SignedContent = {
  v: 1,
  dossier: {
    id: 'd1',
    kind: 'outgoing',
    unitId: 'phuong-1',
    issuingBody: 'UBND phường 1',
    numberSymbol: null,
    date: '2026-03-02',
    docType: 'quyet_dinh',
    summary: 'Về việc khen thưởng',
    body: 'Điều 1.\n"Khen" \\ thưởng',
    urgency: 'thuong',
    confidentiality: 'thuong',
    recipients: ['z-unit', 'a-unit'],
    files: [
      { name: 'b.pdf', sha256: SHA_A, size: 10 },
      { name: 'a.pdf', sha256: SHA_A, size: 10 },
      { name: 'c.pdf', sha256: SHA_B, size: 2 },
    ],
  },
  step: { index: 2, role: 'sign', action: 'sign' },
  at: 1_772_416_800_000,
  signer: { personId: 'chu-tich', keyId: 'k1', algorithm: 'ECDSA-P256' },
};

describe('canonical encoding of signed content, version 1', () => {
  it('is the domain separator and RFC 8785 JSON, sorted, byte for byte (a change here breaks every old signature)', () => {
    const expected =
      'thongsuot-signature-v1\n' +
      '{"at":1772416800000,"dossier":{"body":"Điều 1.\\n\\"Khen\\" \\\\ thưởng","confidentiality":"thuong",' +
      '"date":"2026-03-02","docType":"quyet_dinh","files":[{"name":"c.pdf","sha256":"' +
      SHA_B +
      '","size":2},{"name":"a.pdf","sha256":"' +
      SHA_A +
      '","size":10},{"name":"b.pdf","sha256":"' +
      SHA_A +
      '","size":10}],"id":"d1","issuingBody":"UBND phường 1","kind":"outgoing","numberSymbol":null,' +
      '"recipients":["a-unit","z-unit"],"summary":"Về việc khen thưởng","unitId":"phuong-1","urgency":"thuong"},' +
      '"signer":{"algorithm":"ECDSA-P256","keyId":"k1","personId":"chu-tich"},' +
      '"step":{"action":"sign","index":2,"role":"sign"},"v":1}';
    expect(SIGNATURE_DOMAIN + canonicalJson(content)).toBe(expected);
    expect(canonicalBytes(content)).toEqual(utf8(expected));
  });

  it('does not depend on key order, whitespace, or the order of recipients and files', () => {
    fc.assert(
      fc.property(contentArb, fc.integer(), fc.constantFrom(0, 1, 2, '\t'), (c, seed, indent) => {
        const reordered = {
          ...c,
          dossier: {
            ...c.dossier,
            recipients: [...c.dossier.recipients].reverse(),
            files: [...c.dossier.files].reverse(),
          },
        };
        const roundTripped = JSON.parse(JSON.stringify(shuffleKeys(reordered, seed), null, indent));
        expect(canonicalJson(roundTripped)).toBe(canonicalJson(c));
      }),
      { seed: 20_260_313, numRuns: 300 },
    );
  });

  it('agrees with the canonicalize package on the normalized value (JCS), with no whitespace', () => {
    fc.assert(
      fc.property(contentArb, (c) => {
        const json = canonicalJson(c);
        expect(json).toBe(canonicalize(normalizeContent(c)));
        expect(JSON.parse(json)).toEqual(normalizeContent(c));
      }),
      { seed: 20_260_314, numRuns: 200 },
    );
  });

  it('NFC-normalizes every string: a decomposed "ệ" signs as the precomposed one', () => {
    const composed = 'Kế hoạch phát triển kinh tế - xã hội'.normalize('NFC');
    const decomposed = composed.normalize('NFD');
    expect(decomposed).not.toBe(composed);
    expect('e\u0323\u0302'.normalize('NFC')).toBe('\u1ec7');
    const a = { ...content, dossier: { ...content.dossier, summary: composed, body: 'Vi\u1ec7c' } };
    const b = { ...content, dossier: { ...content.dossier, summary: decomposed, body: 'Vie\u0323\u0302c' } };
    expect(canonicalBytes(b)).toEqual(canonicalBytes(a));
    expect(canonicalJson(b)).toContain('"body":"Vi\u1ec7c"');
  });

  it('starts every encoding with the domain separator', () => {
    const domain = utf8(SIGNATURE_DOMAIN);
    expect(canonicalBytes(content).slice(0, domain.length)).toEqual(domain);
    expect(SIGNATURE_DOMAIN).toBe('thongsuot-signature-v1\n');
  });

  it.each([
    ['a fractional time', { ...content, at: 1.5 }],
    [
      'a fractional size',
      { ...content, dossier: { ...content.dossier, files: [{ name: 'x', sha256: SHA_A, size: 10.5 }] } },
    ],
    ['a fractional step', { ...content, step: { ...content.step, index: 0.5 } }],
    ['NaN', { ...content, at: Number.NaN }],
    ['Infinity', { ...content, at: Number.POSITIVE_INFINITY }],
    ['an unsafe integer', { ...content, at: 2 ** 53 }],
    ['a number as a string', { ...content, at: '1772416800000' }],
    ['an unknown key', { ...content, extra: 1 }],
    ['an unknown dossier key', { ...content, dossier: { ...content.dossier, note: 'x' } }],
    ['a repeated recipient', { ...content, dossier: { ...content.dossier, recipients: ['a', 'a'] } }],
    [
      'an upper-case hash',
      { ...content, dossier: { ...content.dossier, files: [{ name: 'x', sha256: 'A'.repeat(64), size: 1 }] } },
    ],
    ['a lone surrogate', { ...content, dossier: { ...content.dossier, body: 'x\ud800' } }],
    ['another version', { ...content, v: 2 }],
    ['an impossible date', { ...content, dossier: { ...content.dossier, date: '2026-02-30' } }],
    ['a summary over 2000 characters', { ...content, dossier: { ...content.dossier, summary: 'a'.repeat(2_001) } }],
    ['a body over 100000 characters', { ...content, dossier: { ...content.dossier, body: 'a'.repeat(100_001) } }],
    ['an unknown doc type', { ...content, dossier: { ...content.dossier, docType: 'nghi_quyet' } }],
  ])('rejects %s', (_, bad) => {
    expect(() => canonicalBytes(bad)).toThrow(ModelValidationError);
  });

  it('differs when any field changes', () => {
    fc.assert(
      fc.property(contentArb, mutationArb, (c, mutation) => {
        const changed = mutation.apply(c);
        fc.pre(changed !== null);
        const before = JSON.stringify(normalizeContent(c));
        let after: string;
        try {
          after = JSON.stringify(normalizeContent(changed));
        } catch {
          return; // the change made it invalid (a duplicate file): nothing to sign
        }
        fc.pre(after !== before);
        expect(canonicalJson(changed)).not.toBe(canonicalJson(c));
      }),
      { seed: 20_260_315, numRuns: 500 },
    );
  });
});
