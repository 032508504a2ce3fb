import {
  createConversation,
  createTask,
  createUnitPage,
  type Dossier,
  registerIncoming,
  setUnitRole,
} from '@thongsuot/shared';
import * as Y from 'yjs';

/** A task from the City Office (u-vanphong) to a unit, as a fresh doc. */
export function newTask(id: string, recipient = 'phuong-ben-thanh'): Y.Doc {
  const doc = new Y.Doc();
  createTask(doc, {
    id,
    title: 'Báo cáo tình hình ngập nước',
    issuerId: 'u-vanphong',
    issuerUnitId: 'vp-ubnd',
    deadline: '2026-12-01',
    recipients: [{ id: recipient, kind: 'unit' }],
    at: 1_700_000_000_000,
  });
  return doc;
}

/** A group conversation started by `createdBy`. */
export function newConversation(id: string, createdBy: string, members: string[]): Y.Doc {
  const doc = new Y.Doc();
  createConversation(doc, { id, kind: 'group', title: 'Tổ công tác', createdBy, at: 1_700_000_000_000, members });
  return doc;
}

/** The change `edit` makes to `doc`, as one update. */
export function changeOf(doc: Y.Doc, edit: (doc: Y.Doc) => void): Uint8Array {
  const before = Y.encodeStateVector(doc);
  edit(doc);
  return Y.encodeStateAsUpdate(doc, before);
}

export function copyOf(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

/**
 * An incoming official document registered by `by` for Phường Bến Thành, as a clerk's device
 * makes it (docs/design.md §18): not numbered yet.
 */
export function incomingDossier(
  id: string,
  by: string,
  at: number,
  numberSymbol = `${id}/UBND-VP`,
  confidentiality: Dossier['confidentiality'] = 'thuong',
): Y.Doc {
  const doc = new Y.Doc();
  registerIncoming(doc, {
    id,
    unitId: 'phuong-ben-thanh',
    by,
    at,
    issuingBody: 'Ủy ban nhân dân Thành phố',
    numberSymbol,
    date: '2026-11-28',
    docType: 'cong_van',
    urgency: 'khan',
    confidentiality,
    summary: 'V/v kiểm tra an toàn phòng cháy chữa cháy tại các chợ đêm',
  });
  return doc;
}

/**
 * Phường Bến Thành's directory page as its chairman keeps it, with its clerks (who register
 * incoming documents): the specialist `u-benthanh-cv` and the chairman herself.
 */
export function benThanhClerksPage(at: number): Uint8Array {
  const page = new Y.Doc();
  createUnitPage(
    page,
    { id: 'phuong-ben-thanh', name: 'Phường Bến Thành', kind: 'ward', parentId: null },
    [],
    at,
    'u-benthanh',
  );
  setUnitRole(page, 'u-benthanh-cv', 'clerk', true, 'u-benthanh', at);
  setUnitRole(page, 'u-benthanh', 'clerk', true, 'u-benthanh', at);
  return Y.encodeStateAsUpdate(page);
}
