import { UNIT_KINDS } from '@thongsuot/shared';
import { errorSchema, guardedResponses } from '../auth/guards.ts';
import { SYSTEM_ROLES } from '../storage/account-store.ts';

/** JSON schemas of the administrator's routes, for validation and the OpenAPI document (/api/docs). */

export const idParams = {
  type: 'object',
  required: ['id'],
  additionalProperties: false,
  properties: { id: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' } },
} as const;

export const accountSchema = {
  type: 'object',
  required: ['id', 'username', 'fullName', 'position', 'rank', 'unitId', 'disabled', 'roles', 'mustChangePassword'],
  properties: {
    id: { type: 'string' },
    username: { type: 'string' },
    fullName: { type: 'string' },
    position: { type: 'string' },
    rank: { type: 'integer' },
    unitId: { type: 'string' },
    unitName: { type: ['string', 'null'] },
    division: { type: 'string' },
    phone: { type: 'string' },
    email: { type: 'string' },
    disabled: { type: 'boolean' },
    disabledAt: { type: ['integer', 'null'] },
    roles: { type: 'array', items: { type: 'string', enum: SYSTEM_ROLES } },
    mustChangePassword: { type: 'boolean' },
    totpEnabled: { type: 'boolean' },
  },
} as const;

export const unitRolesSchema = {
  type: 'object',
  required: ['editor', 'clerk', 'signer'],
  properties: {
    editor: { type: 'boolean', description: 'directory editor of the unit page' },
    clerk: { type: 'boolean', description: 'văn thư: registers incoming, issues outgoing documents' },
    signer: { type: 'boolean', description: 'signs for the unit' },
  },
} as const;

export const sessionSchema = {
  type: 'object',
  required: ['id', 'createdAt', 'live', 'connected'],
  properties: {
    id: { type: 'string', description: 'public session id (not the token hash)' },
    createdAt: { type: 'integer' },
    expiresAt: { type: 'integer' },
    revokedAt: { type: ['integer', 'null'] },
    lastSeenAt: { type: ['integer', 'null'] },
    userAgent: { type: 'string' },
    device: { type: 'string', description: 'the device as people recognise it, e.g. “Chrome trên Android”' },
    ip: { type: 'string' },
    live: { type: 'boolean', description: 'not revoked and not expired' },
    connected: { type: 'boolean', description: 'a socket of this session is open now' },
  },
} as const;

export const temporaryPasswordSchema = {
  type: 'string',
  description: 'shown once; the person must choose a new password at the next sign-in',
} as const;

export const unitSchema = {
  type: 'object',
  required: ['id', 'name', 'kind', 'parentId', 'mergedInto', 'people'],
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    kind: { type: 'string', enum: UNIT_KINDS },
    parentId: { type: ['string', 'null'] },
    mergedInto: { type: ['string', 'null'] },
    people: { type: 'integer' },
  },
} as const;

export const divisionSchema = {
  type: 'object',
  required: ['id', 'name', 'order'],
  properties: { id: { type: 'string' }, name: { type: 'string' }, order: { type: 'integer' } },
} as const;

/** Error answers every admin route may give besides 401/403. */
export const adminErrors = {
  ...guardedResponses,
  400: errorSchema,
  404: errorSchema,
  409: errorSchema,
} as const;

export const okSchema = { type: 'object', required: ['ok'], properties: { ok: { type: 'boolean' } } } as const;

/** Common route metadata: tag, cookie session. */
export const adminRoute = { tags: ['administration'], security: [{ session: [] }] } as const;
