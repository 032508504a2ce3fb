import type { LocalDb } from '../store/local-db.ts';

/** What waits for this person in the unit's documents, by what they must do (docs/design.md §18). */
export interface PendingDocuments {
  /** Incoming documents awaiting the leader's decision ("Văn bản đến chờ xử lý"). */
  readonly incoming: number;
  /** Outgoing documents at a review step they hold ("Văn bản chờ duyệt"). */
  readonly approve: number;
  /** … at the signing step they hold ("Văn bản chờ ký"). */
  readonly sign: number;
  /** Returned to them, their drafter. */
  readonly redraft: number;
  /** Signed, for the unit's clerks to issue ("Văn bản chờ phát hành"). */
  readonly issue: number;
  /** Issued to the unit by another, for its clerks to register as incoming. */
  readonly deliver: number;
}

/**
 * How many documents on this device wait for this person, each from the documents' index of who
 * must act (`awaiting`, documents/dossier-row.ts): counted, not read, so a leader with thousands
 * of documents waiting opens the inbox as fast as one with none.
 */
export async function countPendingDocuments(
  db: LocalDb,
  user: { readonly id: string; readonly unitId: string },
  clerk: boolean,
): Promise<PendingDocuments> {
  const count = (key: string) => db.dossiers.where('awaiting').equals(key).count();
  const [incoming, approve, sign, redraft] = await Promise.all([
    count(`decide:${user.unitId}`),
    count(`approve:${user.id}`),
    count(`sign:${user.id}`),
    count(`redraft:${user.id}`),
  ]);
  if (!clerk) return { incoming, approve, sign, redraft, issue: 0, deliver: 0 };
  const issue = await count(`issue:${user.unitId}`);
  const sent = await db.dossiers.where('awaiting').equals(`deliver:${user.unitId}`).primaryKeys();
  const registered = new Set(
    (
      await db.dossiers
        .where('origin')
        .anyOf(sent.map((k) => k.slice('dossier/'.length)))
        .toArray()
    )
      .filter((r) => r.unitId === user.unitId)
      .map((r) => r.origin),
  );
  const deliver = sent.filter((k) => !registered.has(k.slice('dossier/'.length))).length;
  return { incoming, approve, sign, redraft, issue, deliver };
}
