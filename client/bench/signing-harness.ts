// Bundled by e2e/bench/signing-bench.ts and run in headless Chromium: signing and verifying an
// official document with five signatures and three files totalling 20 MB (issue 13, item 9).
import type { PublicKey } from '@thongsuot/shared/model/public-key';
import {
  exportSpki,
  generateDeviceKeyPair,
  P256_SIGN_PARAMS,
  type SigningKeyPair,
  sha256Hex,
  subtle,
  utf8,
} from '@thongsuot/shared/signing/bytes';
import { ACTION_OF_ROLE, type SignableDossier } from '@thongsuot/shared/signing/signable';
import { type ReceivedStatement, signContent } from '@thongsuot/shared/signing/signature';
import { type ChainStep, verifyDossierSignatures } from '@thongsuot/shared/signing/verify';

const MB = 1024 * 1024;
const SIZES = [10 * MB, 6 * MB, 4 * MB];
const PEOPLE = ['chuyen-vien', 'pho-phong', 'truong-phong', 'pho-chu-tich', 'chu-tich'];
const T0 = Date.UTC(2026, 10, 30, 2, 0, 0);

/** Random bytes (WebCrypto fills at most 64 KiB a call): the files' contents do not matter. */
function randomFile(size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i += 65_536) crypto.getRandomValues(bytes.subarray(i, Math.min(size, i + 65_536)));
  return bytes;
}

interface Setup {
  readonly files: Uint8Array[];
  readonly pairs: SigningKeyPair[];
  readonly keys: PublicKey[];
  readonly chain: ChainStep[];
}

async function setup(): Promise<Setup> {
  const files = SIZES.map(randomFile);
  const pairs = await Promise.all(PEOPLE.map(() => generateDeviceKeyPair()));
  const keys = await Promise.all(
    pairs.map(async (p, i) => ({
      personId: PEOPLE[i] as string,
      keyId: `k${i}`,
      algorithm: 'ECDSA-P256' as const,
      spki: await exportSpki(p.publicKey),
      at: T0 - 86_400_000,
    })),
  );
  const chain = PEOPLE.map((personId, index) => ({
    index,
    role: index === PEOPLE.length - 1 ? ('sign' as const) : ('review' as const),
    personId,
  }));
  return { files, pairs, keys, chain };
}

async function dossierOf(files: readonly Uint8Array[]): Promise<SignableDossier> {
  return {
    id: 'bench-dossier',
    kind: 'outgoing',
    unitId: 'phuong-ben-thanh',
    issuingBody: 'Ủy ban nhân dân phường Bến Thành',
    numberSymbol: null,
    date: '2026-11-30',
    docType: 'to_trinh',
    summary: 'Tờ trình về việc cải tạo chợ Bến Thành',
    body: 'Kính gửi: Ủy ban nhân dân Thành phố. '.repeat(200),
    urgency: 'khan',
    confidentiality: 'thuong',
    recipients: ['ubnd-tp'],
    files: await Promise.all(
      files.map(async (f, i) => ({ name: `tep-${i}.pdf`, sha256: await sha256Hex(f), size: f.length })),
    ),
  };
}

/**
 * Ours: each signer's device hashes the files it holds and signs the canonical statement (fields,
 * file hashes, step, time, signer); the verifier hashes the files it holds and checks all five
 * against the key registry. Returns [sign ms, verify ms].
 */
async function canonical(s: Setup): Promise<[number, number]> {
  const t0 = performance.now();
  const statements: ReceivedStatement[] = [];
  for (const [index, pair] of s.pairs.entries()) {
    const dossier = await dossierOf(s.files); // each signer hashes its own copy of the files
    const step = s.chain[index] as ChainStep;
    const statement = await signContent(pair.privateKey, {
      v: 1,
      dossier,
      step: { index, role: step.role, action: ACTION_OF_ROLE[step.role] },
      at: T0 + index * 60_000,
      signer: { personId: step.personId, keyId: `k${index}`, algorithm: 'ECDSA-P256' },
    });
    statements.push({ ...statement, receivedAt: T0 + index * 60_000 + 1_000 });
  }
  const t1 = performance.now();
  const result = await verifyDossierSignatures({
    current: await dossierOf(s.files),
    statements,
    keys: s.keys,
    chain: s.chain,
  });
  const t2 = performance.now();
  if (result.verdict !== 'valid') throw new Error(`verification said ${result.verdict}`);
  return [t1 - t0, t2 - t1];
}

/** The naive way: every signature covers the fields and all 20 MB of files themselves. */
async function naive(s: Setup): Promise<[number, number]> {
  const fields = utf8(JSON.stringify({ ...(await dossierOf([])), files: [] }));
  const whole = new Uint8Array(fields.length + s.files.reduce((n, f) => n + f.length, 0));
  let at = 0;
  for (const part of [fields, ...s.files]) {
    whole.set(part, at);
    at += part.length;
  }
  const t0 = performance.now();
  const signatures: ArrayBuffer[] = [];
  for (const pair of s.pairs) signatures.push(await subtle().sign(P256_SIGN_PARAMS, pair.privateKey, whole));
  const t1 = performance.now();
  for (const [i, pair] of s.pairs.entries()) {
    if (!(await subtle().verify(P256_SIGN_PARAMS, pair.publicKey, signatures[i] as ArrayBuffer, whole))) {
      throw new Error('naive signature did not verify');
    }
  }
  const t2 = performance.now();
  return [t1 - t0, t2 - t1];
}

/** One measurement of both, alternating which goes first. */
export async function measure(run: number): Promise<{ canonical: [number, number]; naive: [number, number] }> {
  const s = await setup();
  if (run % 2 === 0) return { canonical: await canonical(s), naive: await naive(s) };
  const n = await naive(s);
  return { canonical: await canonical(s), naive: n };
}
