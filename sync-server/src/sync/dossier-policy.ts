import { createPublicKey, verify as verifyEcdsa } from 'node:crypto';
import {
  canonicalBytes,
  canReadDossier,
  checkDossierChange,
  DOC_LAYOUTS,
  type DocLayout,
  type Dossier,
  dossierLinkFacts,
  dossierReaders,
  readDossier,
  registerOf,
  type SignedStatement,
} from '@thongsuot/shared';
import { foldVietnamese } from '@thongsuot/shared/text/fold';
import type { DocPolicy } from './doc-policies.ts';

/** What makes two registrations the same document: its issuing body and number-and-symbol, folded. */
export function dedupeKey(dossier: Pick<Dossier, 'id' | 'kind' | 'issuingBody' | 'numberSymbol'>): string {
  // An outgoing document's number is the register's own: no two are the same document.
  if (dossier.kind === 'outgoing') return `di|${dossier.id}`;
  const fold = (text: string) => foldVietnamese(text).replace(/\s+/g, ' ').trim();
  return `${fold(dossier.issuingBody)}|${fold(dossier.numberSymbol).replace(/\s/g, '')}`;
}

/**
 * Checks an approval's or signature's ECDSA P-256 signature over the canonical bytes of what it
 * signed (shared/src/signing/), synchronously, as the relay's checks run: WebCrypto's P1363
 * encoding is Node's `ieee-p1363`. False for anything malformed.
 */
export function verifyStatement(statement: SignedStatement, spki: string): boolean {
  try {
    const key = createPublicKey({ key: Buffer.from(spki, 'base64url'), format: 'der', type: 'spki' });
    const signature = Buffer.from(statement.signature, 'base64url');
    if (signature.length !== 64) return false;
    return verifyEcdsa('sha256', canonicalBytes(statement.content), { key, dsaEncoding: 'ieee-p1363' }, signature);
  } catch {
    return false;
  }
}

/** An outgoing document has a row in the register once a clerk has asked to issue it. */
function numbered(dossier: Dossier): boolean {
  if (dossier.kind === 'incoming') return true;
  const status = dossier.flowState.status;
  return status === 'issuing' || status === 'issued';
}

/**
 * Official documents (docs/design.md §18): read by their unit (or, confidential, only by those
 * named), registered and corrected by the unit's clerks — whose role the check reads from the
 * unit's directory page —, decided once by the unit's leader, numbered by the relay alone.
 */
export const dossierPolicy: DocPolicy<Dossier> = {
  layout: DOC_LAYOUTS.dossier as DocLayout,
  project: readDossier,
  mayWrite: canReadDossier,
  check: (person, before, after, lookup) => checkDossierChange(person, before, after, lookup, verifyStatement),
  matchesId: (dossier, id) => dossier.id === id,
  bornAt: (dossier) => dossier.createdAt,
  references: (before, after) =>
    before === null && after.origin ? [`unit/${after.unitId}`, `dossier/${after.origin}`] : [`unit/${after.unitId}`],
  facts: dossierLinkFacts,
  projection: (dossier) => ({
    readers: dossierReaders(dossier),
    dossier: numbered(dossier)
      ? {
          unitId: dossier.unitId,
          register: registerOf(dossier.kind),
          year: dossier.register?.year ?? null,
          number: dossier.register?.number ?? null,
          dedupeKey: dedupeKey(dossier),
          createdAt: dossier.createdAt,
        }
      : undefined,
  }),
  audit(person, docId, before, after) {
    const entry = (action: string, detail: string | null) => ({ actorId: person.id, action, docId, detail });
    if (before === null) return [entry('dossier.register_request', after.unitId)];
    const out = [];
    if (!before.instruction && after.instruction) out.push(entry('dossier.instruct', after.instruction.taskId));
    if (!before.information && after.information) out.push(entry('dossier.information', null));
    for (const [key, action] of after.flow) {
      if (!before.flow.has(key)) out.push(entry(`dossier.${action.type}`, key));
    }
    if (out.length === 0) out.push(entry('dossier.edit', null));
    return out;
  },
};
