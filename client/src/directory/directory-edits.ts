import { docId } from '@thongsuot/shared/ids';
import {
  type DirectoryPersonInput,
  type DirectoryPersonPatch,
  patchDirectoryPerson,
  putDirectoryPerson,
} from '@thongsuot/shared/model/directory-person';
import { publishPublicKey, revokeKeyAsEditor, revokePublicKey } from '@thongsuot/shared/model/public-key';
import { ModelValidationError } from '@thongsuot/shared/validation/parse';
import type { Platform } from '../platform.ts';

/**
 * A unit admin's edits of their unit's page, made on the unit doc as CRDT edits: stored and
 * queued on the device at once (offline too), projected into the directory rows in the same
 * IndexedDB transaction, sent when there is a connection, merged with anyone else's.
 */
export type EditOutcome = { ok: true } | { ok: false; field: InvalidField; message: string };
export type InvalidField = 'fullName' | 'position' | 'phone' | 'email' | 'other';

async function unitDoc(platform: Platform, unitId: string) {
  const repository = await platform.repository();
  return repository.open(docId('unit', unitId));
}

function attempt(edit: () => void): EditOutcome {
  try {
    edit();
    return { ok: true };
  } catch (error) {
    if (error instanceof ModelValidationError) {
      const text = error.message;
      const field = (['fullName', 'position', 'phone', 'email'] as const).find((f) => text.includes(f)) ?? 'other';
      return { ok: false, field, message: text };
    }
    return { ok: false, field: 'other', message: (error as Error).message };
  }
}

export async function addPerson(
  platform: Platform,
  unitId: string,
  person: DirectoryPersonInput,
): Promise<EditOutcome> {
  const doc = await unitDoc(platform, unitId);
  return attempt(() => putDirectoryPerson(doc, person));
}

export async function updatePerson(
  platform: Platform,
  unitId: string,
  personId: string,
  patch: DirectoryPersonPatch,
): Promise<EditOutcome> {
  const doc = await unitDoc(platform, unitId);
  return attempt(() => patchDirectoryPerson(doc, personId, patch));
}

/** A person leaving the unit is marked as left, not erased: their past signatures stay attributable. */
export function removePerson(platform: Platform, unitId: string, personId: string): Promise<EditOutcome> {
  return updatePerson(platform, unitId, personId, { active: false });
}

/** A key pair made on this device: the private key never leaves it (not extractable). */
export async function createSigningKey(platform: Platform, now: () => number = Date.now): Promise<string | null> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return null;
  const pair = (await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const spki = base64url(new Uint8Array(await subtle.exportKey('spki', pair.publicKey)));
  const keyId = `k${now().toString(36)}`;
  const { user, db } = platform;
  await db.setMeta(`signingKey:${keyId}`, pair);
  const doc = await unitDoc(platform, user.unitId);
  publishPublicKey(doc, { personId: user.id, keyId, algorithm: 'ECDSA-P256', spki, at: now() });
  return keyId;
}

/**
 * Revokes a signing key, for good: one's own (a lost or replaced device), or, for the unit's
 * directory editors, anyone's on the page (recorded in their name). Signatures the relay received
 * before stay valid; the key signs nothing after.
 */
export async function revokeSigningKey(
  platform: Platform,
  unitId: string,
  personId: string,
  keyId: string,
  now: () => number = Date.now,
): Promise<void> {
  const doc = await unitDoc(platform, unitId);
  if (personId === platform.user.id) revokePublicKey(doc, personId, keyId, now());
  else revokeKeyAsEditor(doc, personId, keyId, platform.user.id, now());
}

/** A short, readable fingerprint of a public key: the first 8 bytes of its SHA-256, in hex pairs. */
export async function keyFingerprint(spki: string): Promise<string> {
  const bytes = Uint8Array.from(atob(spki.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return [...digest.slice(0, 8)].map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(' ');
}

function base64url(bytes: Uint8Array): string {
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
