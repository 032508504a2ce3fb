import { docId as makeDocId } from '@thongsuot/shared/ids';
import { type Dossier, readDossier } from '@thongsuot/shared/model/dossier';
import {
  actOnStep,
  type ChainEntry,
  type FlowAction,
  stepContent,
  submitDraft,
} from '@thongsuot/shared/model/dossier-flow';
import { readUnitPage } from '@thongsuot/shared/model/unit-page';
import { DeviceKeyProvider } from '@thongsuot/shared/signing/signature';
import { createSigningKey } from '../directory/directory-edits.ts';
import type { Platform } from '../platform.ts';

/**
 * What a person does to an outgoing document on their device (docs/design.md §18): each action is
 * written into the document's doc at once — offline too — and sent when there is a connection;
 * the relay checks it against the document as it has it. An action on a document that has moved
 * on meanwhile (someone else acted first) is refused here with the reason, before anything is
 * written.
 */
export class StaleDocumentError extends Error {
  constructor() {
    super('Văn bản đã được xử lý tiếp ở nơi khác; hãy xem lại.');
    this.name = 'StaleDocumentError';
  }
}

async function openDossier(platform: Platform, id: string) {
  const docs = await platform.repository();
  const doc = await docs.open(makeDocId('dossier', id));
  const dossier = readDossier(doc);
  if (!dossier) throw new Error('Không mở được văn bản trên máy này.');
  return { docs, doc, dossier };
}

/**
 * The person's signing key on this device: the newest of their published, unrevoked keys whose
 * private half this device holds; if none, one is made now (non-extractable) and published on
 * their unit's page — offline too (the relay accepts a signature by it once the page's change is
 * in: `awaiting_key`).
 */
export async function deviceSigner(platform: Platform): Promise<DeviceKeyProvider> {
  const { user, db } = platform;
  const docs = await platform.repository();
  const page = readUnitPage(await docs.open(makeDocId('unit', user.unitId)));
  const mine = (page?.publicKeys ?? [])
    .filter((k) => k.personId === user.id && k.revokedAt === undefined)
    .sort((a, b) => b.at - a.at);
  for (const key of mine) {
    const pair = await db.getMeta<CryptoKeyPair>(`signingKey:${key.keyId}`);
    if (pair?.privateKey) return new DeviceKeyProvider(pair.privateKey, { personId: user.id, keyId: key.keyId });
  }
  const keyId = await createSigningKey(platform);
  const pair = keyId ? await db.getMeta<CryptoKeyPair>(`signingKey:${keyId}`) : undefined;
  if (!keyId || !pair) throw new Error('Trình duyệt này không tạo được khóa ký số.');
  return new DeviceKeyProvider(pair.privateKey, { personId: user.id, keyId });
}

export async function submitOutgoing(
  platform: Platform,
  id: string,
  chain: readonly ChainEntry[],
  issueDeadline: string,
): Promise<void> {
  const { docs, doc, dossier } = await openDossier(platform, id);
  if (dossier.flowState.status !== 'draft' && dossier.flowState.status !== 'returned') throw new StaleDocumentError();
  submitDraft(doc, dossier.flowState, { by: platform.user.id, at: Date.now(), chain: [...chain], issueDeadline });
  await docs.flushed();
}

/** Approves (a review step) or signs (the signing step) what the person sees: `seen` is the document as shown. */
export async function approveOrSign(platform: Platform, id: string, seen: Dossier): Promise<void> {
  const provider = await deviceSigner(platform);
  const { docs, doc, dossier } = await openDossier(platform, id);
  const step = dossier.flowState.current;
  if (!step || step.holder !== platform.user.id || dossier.flowState.nextKey !== seen.flowState.nextKey) {
    throw new StaleDocumentError();
  }
  const at = Date.now();
  const statement = await provider.sign(
    stepContent(dossier, step, { personId: platform.user.id, keyId: provider.keyId }, at),
  );
  // Signing is asynchronous: the document must not have moved on meanwhile.
  const now = readDossier(doc);
  if (!now || now.flowState.nextKey !== dossier.flowState.nextKey) throw new StaleDocumentError();
  actOnStep(doc, now.flowState, {
    type: step.role === 'sign' ? 'sign' : 'approve',
    by: platform.user.id,
    at,
    statement,
  });
  await docs.flushed();
}

export async function actOutgoing(
  platform: Platform,
  id: string,
  seen: Dossier,
  action: { type: 'return'; comment: string } | { type: 'forward'; to: string; comment: string } | { type: 'issue' },
): Promise<void> {
  const { docs, doc, dossier } = await openDossier(platform, id);
  if (dossier.flowState.nextKey !== seen.flowState.nextKey) throw new StaleDocumentError();
  const full = { ...action, by: platform.user.id, at: Date.now() } as Exclude<FlowAction, { type: 'submit' }>;
  actOnStep(doc, dossier.flowState, full);
  await docs.flushed();
}
