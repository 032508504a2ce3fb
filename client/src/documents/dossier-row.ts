import { readDossier } from '@thongsuot/shared/model/dossier';
import type * as Y from 'yjs';

/** An official document's list row (Dexie `dossiers`), from its doc (docs/design.md §18). */
export interface DossierRow {
  docId: string;
  kind: string;
  unitId: string;
  issuingBody: string;
  numberSymbol: string;
  date: string;
  docType: string;
  urgency: string;
  confidentiality: string;
  summary: string;
  /** The unit register's number; null while it waits for the relay ("chờ cấp số"). */
  number: number | null;
  year: number | null;
  /** The id of the same document registered earlier, as the relay found it. */
  duplicateOf: string | null;
  /** `pending` until the unit's leader decides; then `instructed` (a task) or `information`. */
  handling: 'pending' | 'instructed' | 'information';
  taskId: string | null;
  /** When the relay numbered it (the register's "ngày đến"); null while it waits. */
  registeredAt: number | null;
  /** Who leads the work the instruction gave: `unit:<id>` or `person:<id>`. */
  lead: string | null;
  createdAt: number;
  createdBy: string;
  files: number;
}

export function dossierRow(docId: string, doc: Y.Doc): DossierRow | null {
  const d = readDossier(doc);
  if (!d) return null;
  return {
    docId,
    kind: d.kind,
    unitId: d.unitId,
    issuingBody: d.issuingBody,
    numberSymbol: d.numberSymbol,
    date: d.date,
    docType: d.docType,
    urgency: d.urgency,
    confidentiality: d.confidentiality,
    summary: d.summary,
    number: d.register?.number ?? null,
    year: d.register?.year ?? null,
    duplicateOf: d.register?.duplicateOf ?? null,
    handling: d.instruction ? 'instructed' : d.information ? 'information' : 'pending',
    taskId: d.instruction?.taskId ?? null,
    registeredAt: d.register?.at ?? null,
    lead: d.instruction ? `${d.instruction.lead.kind}:${d.instruction.lead.id}` : null,
    createdAt: d.createdAt,
    createdBy: d.createdBy,
    files: d.files.length,
  };
}
