import type * as Y from 'yjs';

/**
 * The layout of an official document's doc (`dossier/<id>`), schema version 1 (docs/design.md §18).
 * - `meta`     Y.Map   schemaVersion, id, kind, unitId, createdBy, createdAt, and the document's
 *                      registered facts: issuingBody, numberSymbol, date, docType, urgency,
 *                      confidentiality, summary — each its own key (LWW), kept by the unit's clerks
 * - `files`    Y.Map   sha256 → file reference { name, type, size, sha256, at, by }, written once
 * - `register` Y.Map   written by the relay only: `number`, `year`, `register`, `at` — the unit's
 *                      register number, assigned in the commit that records it
 * - `named`    Y.Map   personId → { at, by }: who may read a confidential document
 * - `handling` Y.Map   `instruction` → the leader's instruction, or `information` → read, no task
 * - `flow`     Y.Map   an outgoing document's review chain, one entry per action, keyed
 *                      `<round>/<seq>` (model/dossier-flow.ts), each written once
 * An outgoing document's meta also holds `body` (its text), `recipients` (unit ids, nơi nhận);
 * an incoming one delivered from another unit's outgoing document holds `origin` (that id).
 */
export const DOSSIER_SCHEMA_VERSION = 1;

export const dossierMeta = (doc: Y.Doc): Y.Map<unknown> => doc.getMap('meta');
export const dossierFiles = (doc: Y.Doc): Y.Map<unknown> => doc.getMap('files');
export const dossierRegister = (doc: Y.Doc): Y.Map<unknown> => doc.getMap('register');
export const dossierNamed = (doc: Y.Doc): Y.Map<unknown> => doc.getMap('named');
export const dossierHandling = (doc: Y.Doc): Y.Map<unknown> => doc.getMap('handling');
export const dossierFlow = (doc: Y.Doc): Y.Map<unknown> => doc.getMap('flow');
