import type * as Y from 'yjs';

/**
 * The layout of a unit's directory page (`unit/<id>`), schema version 1. Only the unit page
 * model files import this.
 * - `meta`       Y.Map  schemaVersion, id, name, kind, parentId, address, phone, email — one key per fact
 * - `divisions`  Y.Map  divisionId -> { name, order }
 * - `people`     Y.Map  personId -> Y.Map { fullName, positionId, position, rank, divisionId, phone,
 *                       email, active } — nested, so an admin fixing a phone number and another
 *                       moving the person to a division both keep their edit
 * - `admins`     Y.Map  personId -> { at, by }   the unit's directory admins
 * - `keys`       Y.Map  `<personId>/<keyId>` -> public key; each device publishes its own
 * - `revocations` Y.Map `<personId>/<keyId>` -> { at, by }: a directory editor revoked that key
 */
export const UNIT_PAGE_SCHEMA_VERSION = 1;

export const unitMeta = (doc: Y.Doc): Y.Map<unknown> => doc.getMap('meta');
export const unitDivisions = (doc: Y.Doc): Y.Map<unknown> => doc.getMap('divisions');
export const unitPeople = (doc: Y.Doc): Y.Map<unknown> => doc.getMap('people');
export const unitAdmins = (doc: Y.Doc): Y.Map<unknown> => doc.getMap('admins');
export const unitKeys = (doc: Y.Doc): Y.Map<unknown> => doc.getMap('keys');
/** `<personId>/<role>` → { at, by }: who keeps the unit's registers (clerk) and signs for it (signer). */
export const unitRoles = (doc: Y.Doc): Y.Map<unknown> => doc.getMap('roles');
/** `<personId>/<keyId>` → { at, by }: keys revoked by the unit's directory editors (the owner revokes in `keys`). */
export const unitRevocations = (doc: Y.Doc): Y.Map<unknown> => doc.getMap('revocations');
