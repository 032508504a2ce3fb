// Runs inside Chromium on the app's origin, injected by e2e/bench/documents-bench.ts (issue 13,
// item 9). Seeds a leader's device with outgoing documents of their unit awaiting their
// signature — real docs, drafted, submitted along a review chain and approved by the reviewer
// with a real P-256 signature — plus some task docs, and times three ways of counting what awaits
// the leader: the app's (the `awaiting` index), reading the unit's rows, and decoding every doc.
import { docId } from '@thongsuot/shared/ids';
import { DOC_TYPES, draftOutgoing, readDossier, URGENCIES } from '@thongsuot/shared/model/dossier';
import { actOnStep, stepContent, submitDraft } from '@thongsuot/shared/model/dossier-flow';
import { generateDeviceKeyPair, type SigningKeyHandle } from '@thongsuot/shared/signing/bytes';
import { signContent } from '@thongsuot/shared/signing/signature';
import * as Y from 'yjs';
import { type DossierRow, dossierRow } from '../src/documents/dossier-row.ts';
import { countPendingDocuments } from '../src/inbox/pending-documents.ts';
import { LocalDb, type StoredUpdate, type TaskRow } from '../src/store/local-db.ts';
import { taskRow } from '../src/store/task-projection.ts';
import { taskDoc } from './harness.ts';
import { prng } from './prng.ts';

const REVIEWER = 'u-bench-reviewer';
const REVIEWER_KEY = 'k-bench-reviewer';
const DRAFTER = 'u-bench-drafter';
const T0 = Date.UTC(2026, 9, 1, 2, 0, 0);
const BATCH = 500;
const TOPICS = [
  'tăng cường công tác phòng cháy, chữa cháy tại các khu dân cư',
  'triển khai kế hoạch chỉnh trang đô thị, lòng lề đường',
  'tổ chức tiếp công dân định kỳ tháng 12 năm 2026',
  'rà soát hộ nghèo, hộ cận nghèo cuối năm',
  'đẩy mạnh cải cách thủ tục hành chính, dịch vụ công trực tuyến',
  'công tác bảo đảm vệ sinh an toàn thực phẩm dịp Tết Nguyên đán',
  'kiểm tra trật tự xây dựng trên địa bàn phường',
  'phân công trực lễ, trực Tết và bảo đảm an ninh trật tự',
  'báo cáo kết quả thu ngân sách nhà nước 11 tháng',
  'chuẩn bị tổ chức Hội nghị tổng kết công tác năm 2026',
];

export interface Count {
  readonly ms: number;
  /** Documents awaiting the leader's signature, as this way counted them. */
  readonly count: number;
}

/** One outgoing document awaiting `userId`'s signature: drafted, submitted, approved by the reviewer. */
async function outgoingDoc(
  i: number,
  userId: string,
  unitId: string,
  key: SigningKeyHandle,
  random: () => number,
): Promise<{ id: string; doc: Y.Doc }> {
  const id = `vbdi${String(i).padStart(5, '0')}`;
  const doc = new Y.Doc();
  const at = T0 + i * 60_000;
  const day = (offset: number) => new Date(at + offset * 86_400_000).toISOString().slice(0, 10);
  draftOutgoing(doc, {
    id,
    unitId,
    by: DRAFTER,
    at,
    issuingBody: 'Ủy ban nhân dân phường Bến Thành',
    numberSymbol: 'UBND-VP',
    date: day(0),
    docType: DOC_TYPES[Math.floor(random() * DOC_TYPES.length)] ?? 'cong_van',
    urgency: random() < 0.8 ? 'thuong' : (URGENCIES[1 + Math.floor(random() * 3)] ?? 'khan'),
    confidentiality: 'thuong',
    summary: `V/v ${TOPICS[i % TOPICS.length]} (văn bản số ${i + 1})`,
    body: `Kính gửi: các khu phố, các đơn vị trên địa bàn phường. Về việc ${TOPICS[i % TOPICS.length]}, Ủy ban nhân dân phường đề nghị các đơn vị khẩn trương triển khai và báo cáo kết quả.`,
    recipients: ['ubnd-thanh-pho', 'cong-an-phuong'],
  });
  const draft = readDossier(doc);
  if (!draft) throw new Error(`${id}: the draft does not read`);
  submitDraft(doc, draft.flowState, {
    by: DRAFTER,
    at: at + 1_000,
    chain: [
      { role: 'review', personId: REVIEWER, deadline: day(3) },
      { role: 'sign', personId: userId, deadline: day(5) },
    ],
    issueDeadline: day(7),
  });
  const submitted = readDossier(doc);
  const step = submitted?.flowState.current;
  if (!submitted || !step) throw new Error(`${id}: not in review`);
  const approvedAt = at + 2_000;
  const statement = await signContent(
    key,
    stepContent(submitted, step, { personId: REVIEWER, keyId: REVIEWER_KEY }, approvedAt),
  );
  actOnStep(doc, submitted.flowState, { type: 'approve', by: REVIEWER, at: approvedAt, statement });
  return { id, doc };
}

/**
 * The leader's device: `documents` outgoing documents of the unit awaiting their signature and
 * `tasks` task docs to the unit (harness.ts's), each doc's update and list row written together
 * as the app's store keeps them. Returns how many the `awaiting` index says await the signature.
 */
async function seedDocuments(userId: string, unitId: string, documents: number, tasks: number): Promise<number> {
  const random = prng(1309);
  const { privateKey } = await generateDeviceKeyPair();
  const db = new LocalDb(userId);
  let updates: StoredUpdate[] = [];
  let dossiers: DossierRow[] = [];
  let taskRows: TaskRow[] = [];
  const flush = async () => {
    await db.transaction('rw', [db.updates, db.dossiers, db.tasks], async () => {
      await db.updates.bulkAdd(updates);
      await db.dossiers.bulkPut(dossiers);
      await db.tasks.bulkPut(taskRows);
    });
    updates = [];
    dossiers = [];
    taskRows = [];
  };
  for (let i = 0; i < documents; i += 1) {
    const { id, doc } = await outgoingDoc(i, userId, unitId, privateKey, random);
    const row = dossierRow(docId('dossier', id), doc);
    if (!row?.awaiting.includes(`sign:${userId}`)) throw new Error(`${id} does not await ${userId}`);
    dossiers.push(row);
    updates.push({ docId: docId('dossier', id), data: Y.encodeStateAsUpdate(doc) });
    doc.destroy();
    if (updates.length >= BATCH) await flush();
  }
  for (let i = 0; i < tasks; i += 1) {
    const { id, doc } = taskDoc(i, unitId, random);
    const row = taskRow(docId('task', id), doc);
    if (row) taskRows.push(row);
    updates.push({ docId: docId('task', id), data: Y.encodeStateAsUpdate(doc) });
    doc.destroy();
  }
  await flush();
  const signs = await db.dossiers.where('awaiting').equals(`sign:${userId}`).count();
  db.close();
  return signs;
}

/** A database opened (and its first transaction done) before the clock starts: the counts are timed, not the open. */
async function opened(userId: string): Promise<LocalDb> {
  const db = new LocalDb(userId);
  await db.open();
  return db;
}

/**
 * Ours. `sign`: the one count the "Văn bản chờ ký" line shows, from the `awaiting` index.
 * `inbox`: every count the inbox asks for, by the inbox's own function (use-pending-documents.ts).
 */
async function countIndexed(userId: string, unitId: string, scope: 'sign' | 'inbox'): Promise<Count> {
  const db = await opened(userId);
  const started = performance.now();
  let sign: number;
  if (scope === 'sign') sign = await db.dossiers.where('awaiting').equals(`sign:${userId}`).count();
  else {
    const clerk = (await db.units.get(unitId))?.clerks?.includes(userId) ?? false;
    sign = (await countPendingDocuments(db, { id: userId, unitId }, clerk)).sign;
  }
  const ms = performance.now() - started;
  db.close();
  return { ms, count: sign };
}

/** Naive: read every document row of the unit and count what awaits the leader in JavaScript. */
async function countByRows(userId: string, unitId: string): Promise<Count> {
  const db = await opened(userId);
  const started = performance.now();
  const rows = await db.dossiers.where('unitId').equals(unitId).toArray();
  const counts = { incoming: 0, approve: 0, sign: 0, redraft: 0 };
  for (const row of rows) {
    if (row.awaiting.includes(`decide:${unitId}`)) counts.incoming += 1;
    if (row.awaiting.includes(`approve:${userId}`)) counts.approve += 1;
    if (row.awaiting.includes(`sign:${userId}`)) counts.sign += 1;
    if (row.awaiting.includes(`redraft:${userId}`)) counts.redraft += 1;
  }
  const ms = performance.now() - started;
  db.close();
  return { ms, count: counts.sign };
}

/** Naivest: no projection at all — decode every document's doc from its stored updates and read its flow. */
async function countByDocs(userId: string): Promise<Count> {
  const db = await opened(userId);
  const started = performance.now();
  const stored = await db.updates.where('docId').startsWith('dossier/').toArray();
  const byDoc = new Map<string, Uint8Array[]>();
  for (const row of stored) {
    const list = byDoc.get(row.docId);
    if (list) list.push(row.data);
    else byDoc.set(row.docId, [row.data]);
  }
  let count = 0;
  for (const updates of byDoc.values()) {
    const doc = new Y.Doc();
    doc.transact(() => {
      for (const update of updates) Y.applyUpdate(doc, update);
    });
    const current = readDossier(doc)?.flowState.current;
    if (current?.holder === userId && current.role === 'sign') count += 1;
    doc.destroy();
  }
  const ms = performance.now() - started;
  db.close();
  return { ms, count };
}

Object.assign(globalThis, { documentsHarness: { seedDocuments, countIndexed, countByRows, countByDocs } });
