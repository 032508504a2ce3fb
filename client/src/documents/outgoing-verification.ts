import type { Dossier } from '@thongsuot/shared/model/dossier';
import { signableOf, verificationChain } from '@thongsuot/shared/model/dossier-flow';
import type { PublicKey } from '@thongsuot/shared/model/public-key';
import { readReceipts } from '@thongsuot/shared/model/receipts';
import { type ExportedDossier, exportDossier } from '@thongsuot/shared/signing/export';
import type { ReceivedStatement } from '@thongsuot/shared/signing/signature';
import { type DossierVerification, verifyDossierSignatures } from '@thongsuot/shared/signing/verify';
import type * as Y from 'yjs';

/**
 * An outgoing document's signatures as the holder checks them offline (docs/design.md §18): the
 * current round's statements, each with the relay's receipt when it has one, against the
 * document as it is now, the unit's key registry (revoked keys too) and the chain as it was
 * acted on (after forwards).
 */
export function statementsOf(doc: Y.Doc, dossier: Dossier): ReceivedStatement[] {
  const receipts = readReceipts(doc);
  return dossier.flowState.statements.map(({ key, statement }) => ({
    ...statement,
    receivedAt: receipts.get(`flow/${key}`) ?? null,
  }));
}

export function checkSignatures(
  doc: Y.Doc,
  dossier: Dossier,
  keys: readonly PublicKey[],
): Promise<DossierVerification> {
  return verifyDossierSignatures({
    current: signableOf(dossier),
    statements: statementsOf(doc, dossier),
    keys,
    chain: verificationChain(dossier.flowState),
  });
}

/**
 * The signatures as a file anyone can check with `pnpm verify-document` (signing/export.ts),
 * with the bytes of every file this device holds, so the check covers them too.
 */
export function signaturesFile(
  doc: Y.Doc,
  dossier: Dossier,
  keys: readonly PublicKey[],
  bytes: ReadonlyMap<string, Uint8Array> = new Map(),
): ExportedDossier {
  const content = signableOf(dossier);
  return exportDossier({
    content,
    files: content.files.map((f) => {
      const held = bytes.get(f.sha256);
      return held ? { ...f, bytes: held } : f;
    }),
    statements: statementsOf(doc, dossier),
    keys,
    chain: verificationChain(dossier.flowState),
    exportedAt: Date.now(),
  });
}

/** The code printed on the issued PDF: the signing step's statement hash, 16 hex digits in fours. */
export function verificationCode(dossier: Dossier): string | null {
  const signed = dossier.flowState.statements.at(-1)?.statement;
  if (!signed || signed.content.step.role !== 'sign') return null;
  return (signed.canonicalSha256.slice(0, 16).toUpperCase().match(/.{4}/g) ?? []).join('-');
}
