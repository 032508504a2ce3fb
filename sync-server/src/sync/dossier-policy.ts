import {
  canReadDossier,
  checkDossierChange,
  DOC_LAYOUTS,
  type DocLayout,
  type Dossier,
  dossierReaders,
  readDossier,
  registerOf,
} from '@thongsuot/shared';
import { foldVietnamese } from '@thongsuot/shared/text/fold';
import type { DocPolicy } from './doc-policies.ts';

/** What makes two registrations the same document: its issuing body and number-and-symbol, folded. */
export function dedupeKey(dossier: Pick<Dossier, 'issuingBody' | 'numberSymbol'>): string {
  const fold = (text: string) => foldVietnamese(text).replace(/\s+/g, ' ').trim();
  return `${fold(dossier.issuingBody)}|${fold(dossier.numberSymbol).replace(/\s/g, '')}`;
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
  check: checkDossierChange,
  matchesId: (dossier, id) => dossier.id === id,
  bornAt: (dossier) => dossier.createdAt,
  references: (_before, after) => [`unit/${after.unitId}`],
  projection: (dossier) => ({
    readers: dossierReaders(dossier),
    dossier: {
      unitId: dossier.unitId,
      register: registerOf(dossier.kind),
      year: dossier.register?.year ?? null,
      number: dossier.register?.number ?? null,
      dedupeKey: dedupeKey(dossier),
      createdAt: dossier.createdAt,
    },
  }),
  audit(person, docId, before, after) {
    const entry = (action: string, detail: string | null) => ({ actorId: person.id, action, docId, detail });
    if (before === null) return [entry('dossier.register_request', after.unitId)];
    const out = [];
    if (!before.instruction && after.instruction) out.push(entry('dossier.instruct', after.instruction.taskId));
    if (!before.information && after.information) out.push(entry('dossier.information', null));
    if (out.length === 0) out.push(entry('dossier.edit', null));
    return out;
  },
};
