import { type Dossier, readDossier } from '@thongsuot/shared/model/dossier';
import type { FlowStatus } from '@thongsuot/shared/model/dossier-flow';
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
  /** Outgoing: where it stands in its review chain (model/dossier-flow.ts); incoming: null. */
  status: FlowStatus | null;
  /**
   * Who must act on it now, as index keys (Dexie multi-entry): `approve:<personId>`,
   * `sign:<personId>`, `decide:<unitId>` (incoming, for its leaders' decision),
   * `draft:<personId>` (not yet submitted), `redraft:<personId>` (returned to
   * its drafter), `issue:<unitId>` (its
   * clerks), `deliver:<unitId>` (issued to that unit: its clerk registers it as incoming).
   */
  awaiting: string[];
  /** The current step's deadline (or the issuing deadline), YYYY-MM-DD. */
  dueDate: string | null;
  recipients: string[];
  /** Incoming delivered from another unit's outgoing document: that document's id. */
  origin: string | null;
  /** Outgoing: who signed it (the chain's last step), once signed. */
  signedBy: string | null;
}

function awaitingOf(d: Dossier): Pick<DossierRow, 'awaiting' | 'dueDate'> {
  if (d.kind === 'incoming') {
    const pending = !d.instruction && !d.information;
    return { awaiting: pending ? [`decide:${d.unitId}`] : [], dueDate: null };
  }
  const s = d.flowState;
  if (s.status === 'in_review' && s.current) {
    const verb = s.current.role === 'sign' ? 'sign' : 'approve';
    return { awaiting: [`${verb}:${s.current.holder}`], dueDate: s.current.deadline };
  }
  if (s.status === 'returned') return { awaiting: [`redraft:${d.createdBy}`], dueDate: null };
  if (s.status === 'draft') return { awaiting: [`draft:${d.createdBy}`], dueDate: null };
  if (s.status === 'awaiting_issue') return { awaiting: [`issue:${d.unitId}`], dueDate: s.issueDeadline };
  if (s.status === 'issued') return { awaiting: d.recipients.map((u) => `deliver:${u}`), dueDate: null };
  return { awaiting: [], dueDate: null };
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
    status: d.kind === 'outgoing' ? d.flowState.status : null,
    ...awaitingOf(d),
    recipients: [...d.recipients],
    origin: d.origin,
    signedBy: d.flowState.steps.find((s) => s.role === 'sign')?.done?.by ?? null,
  };
}
