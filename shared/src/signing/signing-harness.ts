import type { PublicKey } from '../model/public-key.ts';
import { exportSpki, generateDeviceKeyPair, type SigningKeyHandle, sha256Hex, utf8 } from './bytes.ts';
import { ACTION_OF_ROLE, type SignableDossier, type StepRole } from './signable.ts';
import { type ReceivedStatement, signContent } from './signature.ts';
import type { ChainStep } from './verify.ts';

/** Tests only: people with real non-extractable device keys, a document, a review chain. */

export const T0 = Date.UTC(2026, 2, 2, 2, 0, 0);
export const MINUTE = 60_000;

export interface TestSigner {
  readonly personId: string;
  readonly keyId: string;
  readonly privateKey: SigningKeyHandle;
  readonly key: PublicKey;
}

export async function makeSigner(
  personId: string,
  keyId = `k-${personId}`,
  at = T0 - 24 * 60 * MINUTE,
  revokedAt?: number,
): Promise<TestSigner> {
  const pair = await generateDeviceKeyPair();
  const key: PublicKey = { personId, keyId, algorithm: 'ECDSA-P256', spki: await exportSpki(pair.publicKey), at };
  return { personId, keyId, privateKey: pair.privateKey, key: revokedAt === undefined ? key : { ...key, revokedAt } };
}

export interface TestFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

export const TEST_FILES: readonly TestFile[] = [
  { name: 'to-trinh.pdf', bytes: utf8('%PDF-1.7 Tờ trình về việc cải tạo trường mầm non Hoa Sen') },
  { name: 'du-toan.xlsx', bytes: utf8('Dự toán kinh phí: 1.250.000.000 đồng') },
  { name: 'ban-ve.png', bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4, 5, 6, 7, 8]) },
];

export async function fileRefs(files: readonly TestFile[] = TEST_FILES) {
  return Promise.all(
    files.map(async (f) => ({ name: f.name, sha256: await sha256Hex(f.bytes), size: f.bytes.length })),
  );
}

export async function testDossier(files: readonly TestFile[] = TEST_FILES): Promise<SignableDossier> {
  return {
    id: 'dossier-1',
    kind: 'outgoing',
    unitId: 'phuong-ben-nghe',
    issuingBody: 'UBND phường Bến Nghé',
    numberSymbol: null,
    date: '2026-03-02',
    docType: 'to_trinh',
    summary: 'Tờ trình về việc cải tạo trường mầm non Hoa Sen',
    body: 'Kính gửi: UBND thành phố.\nUBND phường trình kế hoạch cải tạo, đề nghị phê duyệt.',
    urgency: 'khan',
    confidentiality: 'thuong',
    recipients: ['ubnd-tp', 'so-gd-dt'],
    files: await fileRefs(files),
  };
}

export async function signStep(
  signer: TestSigner,
  dossier: SignableDossier,
  index: number,
  role: StepRole,
  at: number,
  receivedAt: number | null = at + 1_000,
): Promise<ReceivedStatement> {
  const statement = await signContent(signer.privateKey, {
    v: 1,
    dossier,
    step: { index, role, action: ACTION_OF_ROLE[role] },
    at,
    signer: { personId: signer.personId, keyId: signer.keyId, algorithm: 'ECDSA-P256' },
  });
  return { ...statement, receivedAt };
}

/** Four reviewers then the chairman who signs: a five-step chain. */
export async function fiveStepChain() {
  const people = ['chuyen-vien', 'pho-phong', 'truong-phong', 'pho-chu-tich', 'chu-tich'];
  const signers = await Promise.all(people.map((p) => makeSigner(p)));
  const chain: ChainStep[] = people.map((personId, index) => ({
    index,
    role: index === people.length - 1 ? 'sign' : 'review',
    personId,
  }));
  const dossier = await testDossier();
  const statements: ReceivedStatement[] = [];
  for (const [index, signer] of signers.entries()) {
    const step = chain[index] as ChainStep;
    statements.push(await signStep(signer, dossier, index, step.role, T0 + index * 30 * MINUTE));
  }
  return { signers, chain, dossier, statements, keys: signers.map((s) => s.key) };
}
