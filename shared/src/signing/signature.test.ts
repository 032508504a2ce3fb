import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { flipHex, mutationArb } from './arbitraries.ts';
import { fromBase64url, toBase64url } from './bytes.ts';
import { canonicalSha256, normalizeContent } from './canonical.ts';
import type { SignedContent } from './signable.ts';
import {
  CA_NOT_CONNECTED,
  CaSigningProvider,
  DeviceKeyProvider,
  type SignedStatement,
  SigningUnavailableError,
  signContent,
  verifySignature,
} from './signature.ts';
import { makeSigner, T0, type TestSigner, testDossier } from './signing-harness.ts';
import { verifyDossierSignatures } from './verify.ts';

let signer: TestSigner;
let content: SignedContent;

beforeAll(async () => {
  signer = await makeSigner('chu-tich');
  content = {
    v: 1,
    dossier: await testDossier(),
    step: { index: 0, role: 'sign', action: 'sign' },
    at: T0,
    signer: { personId: 'chu-tich', keyId: signer.keyId, algorithm: 'ECDSA-P256' },
  };
});

describe('signing with a device key', () => {
  it('signs with a real non-extractable P-256 key and verifies with its published SPKI', async () => {
    expect(signer.privateKey.extractable).toBe(false);
    const statement = await signContent(signer.privateKey, content);
    expect(fromBase64url(statement.signature)).toHaveLength(64);
    expect(statement.signature).toMatch(/^[A-Za-z0-9_-]{86}$/);
    expect(statement.canonicalSha256).toBe(await canonicalSha256(content));
    expect(statement.content).toEqual(normalizeContent(content));
    expect(await verifySignature(signer.key.spki, statement.content, statement.signature)).toBe(true);
  });

  it('fails for another key, a tampered signature, or malformed input, without throwing', async () => {
    const other = await makeSigner('pho-chu-tich');
    const statement = await signContent(signer.privateKey, content);
    expect(await verifySignature(other.key.spki, content, statement.signature)).toBe(false);
    const raw = fromBase64url(statement.signature);
    raw[10] = (raw[10] ?? 0) ^ 1;
    expect(await verifySignature(signer.key.spki, content, toBase64url(raw))).toBe(false);
    expect(await verifySignature(signer.key.spki, content, statement.signature.slice(2))).toBe(false);
    expect(await verifySignature(signer.key.spki, { ...content, at: 1.5 }, statement.signature)).toBe(false);
    expect(await verifySignature('AAAA', content, statement.signature)).toBe(false);
  });

  it('DeviceKeyProvider signs only as its own key, and never with an extractable key', async () => {
    const provider = new DeviceKeyProvider(signer.privateKey, { personId: 'chu-tich', keyId: signer.keyId });
    const statement = await provider.sign(content);
    expect(await verifySignature(signer.key.spki, statement.content, statement.signature)).toBe(true);
    await expect(
      provider.sign({ ...content, signer: { ...content.signer, personId: 'ke-gia-mao' } }),
    ).rejects.toThrow();
    const fake = { type: 'private', extractable: true, algorithm: {}, usages: ['sign'] };
    expect(() => new DeviceKeyProvider(fake, { personId: 'x', keyId: 'k' })).toThrow(/extractable/);
  });

  it('the CA seam is not connected and says so in Vietnamese', async () => {
    const ca = new CaSigningProvider();
    await expect(ca.sign(content)).rejects.toBeInstanceOf(SigningUnavailableError);
    await expect(ca.sign(content)).rejects.toThrow(CA_NOT_CONNECTED);
    expect(CA_NOT_CONNECTED).toBe(
      'Chưa kết nối được dịch vụ ký số của tổ chức chứng thực; hãy ký bằng khóa trên thiết bị.',
    );
  });
});

describe('any change is caught', () => {
  const chain = [{ index: 0, role: 'sign' as const, personId: 'chu-tich' }];
  let statement: SignedStatement;
  beforeAll(async () => {
    statement = await signContent(signer.privateKey, content);
  });
  const verify = (current: unknown, s: SignedStatement) =>
    verifyDossierSignatures({
      current,
      statements: [{ ...s, receivedAt: T0 + 1_000 }],
      keys: [signer.key],
      chain,
    });

  it('flipping any hex digit of any file hash in the current document: changed_after, naming that file', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.nat(63), fc.integer({ min: 1, max: 15 }), async (which, at, xor) => {
        const files = statement.content.dossier.files;
        const i = which % files.length;
        const target = files[i];
        if (!target) throw new Error('no file');
        const current = {
          ...statement.content.dossier,
          files: files.map((f, j) => (j === i ? { ...f, sha256: flipHex(f.sha256, at, xor) } : f)),
        };
        const result = await verify(current, statement);
        expect(result.verdict).toBe('changed');
        const [check] = result.signatures;
        expect(check?.status).toBe('changed_after');
        expect(check?.changes?.fields).toEqual([]);
        expect(check?.changes?.filesRemoved).toEqual([target]);
        expect(check?.changes?.filesAdded.map((f) => f.name)).toEqual([target.name]);
      }),
      { seed: 20_260_316, numRuns: 60 },
    );
  });

  it('any generated change: changed_after against the current document, bad_signature in the statement', async () => {
    await fc.assert(
      fc.asyncProperty(mutationArb, async (mutation) => {
        const changed = mutation.apply(statement.content);
        fc.pre(changed !== null);
        let normalized: SignedContent;
        try {
          normalized = normalizeContent(changed);
        } catch {
          return;
        }
        fc.pre(JSON.stringify(normalized) !== JSON.stringify(statement.content));

        // The statement's own content tampered with: its signature no longer covers it.
        const tampered = await verify(statement.content.dossier, { ...statement, content: normalized });
        const status = tampered.signatures[0]?.status;
        if (mutation.field === 'signer.personId' || mutation.field === 'signer.keyId') {
          expect(status).toBe('unknown_key');
        } else {
          expect(status).toBe('bad_signature');
        }
        expect(await verifySignature(signer.key.spki, normalized, statement.signature)).toBe(false);

        // The document changed after signing: the untouched statement reports the change.
        if (mutation.field.startsWith('files') || !mutation.field.includes('.')) {
          if (mutation.field === 'at') return;
          const changedAfter = await verify(normalized.dossier, statement);
          expect(changedAfter.signatures[0]?.status).toBe('changed_after');
          const changes = changedAfter.signatures[0]?.changes;
          if (mutation.field.startsWith('files')) expect(changes?.fields).toEqual([]);
          else expect(changes?.fields).toEqual([mutation.field]);
        }
      }),
      { seed: 20_260_317, numRuns: 150 },
    );
  });
});
