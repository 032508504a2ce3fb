import { describe, expect, it } from 'vitest';
import { ModelValidationError } from '../validation/parse.ts';
import { sha256Hex, utf8 } from './bytes.ts';
import { signContent } from './signature.ts';
import { fiveStepChain, MINUTE, makeSigner, signStep, T0, TEST_FILES, testDossier } from './signing-harness.ts';
import { verifyDossierSignatures } from './verify.ts';

describe('verifying a document’s signatures', () => {
  it('a five-signature chain across three files verifies', async () => {
    const { chain, dossier, statements, keys } = await fiveStepChain();
    expect(dossier.files).toHaveLength(3);
    const result = await verifyDossierSignatures({ current: dossier, statements, keys, chain });
    expect(result.signatures.map((s) => s.status)).toEqual(['valid', 'valid', 'valid', 'valid', 'valid']);
    expect(result.steps.every((s) => s.signed)).toBe(true);
    expect(result.verdict).toBe('valid');
    expect(result.signatures[4]).toMatchObject({
      step: { index: 4, role: 'sign', action: 'sign' },
      signer: { personId: 'chu-tich', keyId: 'k-chu-tich' },
      at: T0 + 120 * MINUTE,
      receivedAt: T0 + 120 * MINUTE + 1_000,
      timesDisagree: false,
      changes: null,
    });
  });

  it('a missing step leaves the document incomplete, not invalid', async () => {
    const { chain, dossier, statements, keys } = await fiveStepChain();
    const result = await verifyDossierSignatures({ current: dossier, statements: statements.slice(0, 4), keys, chain });
    expect(result.verdict).toBe('incomplete');
    expect(result.steps.filter((s) => !s.signed).map((s) => s.personId)).toEqual(['chu-tich']);
    const none = await verifyDossierSignatures({ current: dossier, statements: [], keys, chain: [] });
    expect(none.verdict).toBe('incomplete');
  });

  it('a file whose bytes changed after signing: changed_after for every signature, naming the file', async () => {
    const { chain, dossier, statements, keys } = await fiveStepChain();
    const files = TEST_FILES.map((f) => {
      if (f.name !== 'du-toan.xlsx') return f;
      const bytes = new Uint8Array(f.bytes);
      bytes[0] = (bytes[0] ?? 0) ^ 0x20;
      return { ...f, bytes };
    });
    const current = { ...(await testDossier(files)), summary: `${dossier.summary} (sửa)` };
    const result = await verifyDossierSignatures({ current, statements, keys, chain });
    expect(result.verdict).toBe('changed');
    for (const check of result.signatures) {
      expect(check.status).toBe('changed_after');
      expect(check.changes?.fields).toEqual(['summary']);
      expect(check.changes?.filesRemoved.map((f) => f.name)).toEqual(['du-toan.xlsx']);
      expect(check.changes?.filesAdded.map((f) => f.name)).toEqual(['du-toan.xlsx']);
    }
  });

  it('gives each failure its own status', async () => {
    const { signers, chain, dossier, statements, keys } = await fiveStepChain();
    const [reviewer, , , deputy, chairman] = signers;
    if (!reviewer || !deputy || !chairman) throw new Error('no signers');
    const at = T0 + 200 * MINUTE;

    const revoked = await makeSigner('chu-tich', 'k-revoked', T0 - 100 * MINUTE, at - MINUTE);
    const revokedExactly = await makeSigner('chu-tich', 'k-revoked-now', T0 - 100 * MINUTE, at);
    const late = await makeSigner('chu-tich', 'k-late', at + MINUTE);
    const unpublished = await makeSigner('chu-tich', 'k-unpublished');
    const outsider = await makeSigner('nguoi-ngoai');

    const cases = [
      ['key_revoked', await signStep(revoked, dossier, 4, 'sign', at, null), revoked.key],
      ['key_revoked', await signStep(revokedExactly, dossier, 4, 'sign', at, null), revokedExactly.key],
      ['key_not_yet_published', await signStep(late, dossier, 4, 'sign', at, null), late.key],
      ['unknown_key', await signStep(unpublished, dossier, 4, 'sign', at), null],
      ['not_in_chain', await signStep(outsider, dossier, 4, 'sign', at), outsider.key],
      ['not_in_chain', await signStep(deputy, dossier, 4, 'sign', at), null],
      ['not_in_chain', await signStep(chairman, dossier, 3, 'review', at), null],
      ['not_in_chain', await signStep(chairman, dossier, 4, 'review', at), null],
      ['not_in_chain', await signStep(chairman, dossier, 9, 'sign', at), null],
    ] as const;
    for (const [status, statement, key] of cases) {
      const result = await verifyDossierSignatures({
        current: dossier,
        statements: [...statements.slice(0, 4), statement],
        keys: key ? [...keys, key] : keys,
        chain,
      });
      expect([statement.content.signer.keyId, result.signatures[4]?.status]).toEqual([
        statement.content.signer.keyId,
        status,
      ]);
      expect(result.verdict).toBe('invalid');
      expect(result.signatures.slice(0, 4).every((s) => s.status === 'valid')).toBe(true);
    }
  });

  it('the wrong action for the step’s role is not in the chain', async () => {
    const { signers, chain, dossier, statements, keys } = await fiveStepChain();
    const chairman = signers[4];
    if (!chairman) throw new Error('no chairman');
    const approveOnly = await signContent(chairman.privateKey, {
      v: 1,
      dossier,
      step: { index: 4, role: 'sign', action: 'approve' },
      at: T0 + 200 * MINUTE,
      signer: { personId: 'chu-tich', keyId: chairman.keyId, algorithm: 'ECDSA-P256' },
    });
    const result = await verifyDossierSignatures({
      current: dossier,
      statements: [...statements.slice(0, 4), { ...approveOnly, receivedAt: null }],
      keys,
      chain,
    });
    expect(result.signatures[4]?.status).toBe('not_in_chain');
  });

  it('a statement naming someone else than the key’s owner: signer_mismatch', async () => {
    const { chain, dossier, statements, keys } = await fiveStepChain();
    // The deputy signs with their own key but claims to be the chairman under the same key id.
    const deputy = await makeSigner('pho-chu-tich', 'k-shared-id');
    const forged = await signContent(deputy.privateKey, {
      v: 1,
      dossier,
      step: { index: 4, role: 'sign', action: 'sign' },
      at: T0 + 200 * MINUTE,
      signer: { personId: 'chu-tich', keyId: 'k-shared-id', algorithm: 'ECDSA-P256' },
    });
    const result = await verifyDossierSignatures({
      current: dossier,
      statements: [...statements.slice(0, 4), { ...forged, receivedAt: null }],
      keys: [...keys, deputy.key],
      chain,
    });
    expect(result.signatures[4]?.status).toBe('signer_mismatch');
  });

  it('tampering with a statement, or with its hash: bad_signature', async () => {
    const { chain, dossier, statements, keys } = await fiveStepChain();
    const last = statements[4];
    if (!last) throw new Error('no statement');
    const edited = { ...last, content: { ...last.content, dossier: { ...dossier, body: 'Nội dung khác' } } };
    const wrongHash = { ...last, canonicalSha256: await sha256Hex(utf8('other')) };
    const swapped = { ...last, signature: statements[3]?.signature ?? '' };
    for (const bad of [edited, wrongHash, swapped]) {
      const result = await verifyDossierSignatures({
        current: dossier,
        statements: [...statements.slice(0, 4), bad],
        keys,
        chain,
      });
      expect(result.signatures[4]?.status).toBe('bad_signature');
    }
  });

  it('a key revoked after the signing keeps the old signature valid', async () => {
    const { chain, dossier, statements, keys } = await fiveStepChain();
    const last = statements[4];
    const receivedAt = last?.receivedAt;
    if (!receivedAt) throw new Error('no statement');
    const revokedLater = keys.map((k) => (k.personId === 'chu-tich' ? { ...k, revokedAt: receivedAt + 1 } : k));
    const result = await verifyDossierSignatures({ current: dossier, statements, keys: revokedLater, chain });
    expect(result.signatures[4]?.status).toBe('valid');
    expect(result.verdict).toBe('valid');
  });

  it('the relay’s receipt decides: a statement dated before the revocation but received after it fails', async () => {
    const { chain, dossier, statements, keys } = await fiveStepChain();
    const last = statements[4];
    if (!last) throw new Error('no statement');
    const revokedAt = last.content.at + 10 * MINUTE;
    const revokedKeys = keys.map((k) => (k.personId === 'chu-tich' ? { ...k, revokedAt } : k));
    const receivedLate = { ...last, receivedAt: revokedAt + 60 * MINUTE };
    const result = await verifyDossierSignatures({
      current: dossier,
      statements: [...statements.slice(0, 4), receivedLate],
      keys: revokedKeys,
      chain,
    });
    expect(result.signatures[4]).toMatchObject({
      status: 'key_revoked',
      timesDisagree: true,
      decidingAt: revokedAt + 60 * MINUTE,
    });
    // Not yet received: the device's time decides.
    const offline = await verifyDossierSignatures({
      current: dossier,
      statements: [...statements.slice(0, 4), { ...last, receivedAt: null }],
      keys: revokedKeys,
      chain,
    });
    expect(offline.signatures[4]?.status).toBe('valid');
  });

  it('refuses malformed input with a validation error', async () => {
    const { chain, dossier, statements, keys } = await fiveStepChain();
    const input = { current: dossier, statements, keys, chain };
    await expect(verifyDossierSignatures({ ...input, current: { ...dossier, id: '' } })).rejects.toThrow(
      ModelValidationError,
    );
    await expect(verifyDossierSignatures({ ...input, statements: [{ content: {} }] })).rejects.toThrow(
      ModelValidationError,
    );
    await expect(verifyDossierSignatures({ ...input, chain: [...chain, chain[0]] })).rejects.toThrow(
      ModelValidationError,
    );
  });

  it('the order of files in the current document does not matter', async () => {
    const { chain, dossier, statements, keys } = await fiveStepChain();
    const current = {
      ...(await testDossier([...TEST_FILES].reverse())),
      recipients: [...dossier.recipients].reverse(),
    };
    const result = await verifyDossierSignatures({ current, statements, keys, chain });
    expect(result.verdict).toBe('valid');
  });
});
