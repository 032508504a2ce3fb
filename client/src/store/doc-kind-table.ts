import { bulletinDocStore } from '../conversations/bulletin-doc-store.ts';
import { convDocStore, convLogDocStore } from '../conversations/conv-doc-store.ts';
import { unitDocStore } from '../directory/unit-doc-store.ts';
import { dossierDocStore } from '../documents/dossier-doc-store.ts';
import { userDocStore } from '../reminders/user-doc-store.ts';
import { taskDocStore } from '../tasks/task-doc-store.ts';
import type { DocKindTable } from './doc-kinds.ts';

/**
 * What the device's store does for each kind of doc (doc-kinds.ts), as the relay's `DOC_POLICIES`
 * says what it checks: a new kind plugs in here with an entry from its own feature's folder.
 * A kind not listed is stored with no projection. The only file of the store
 * that imports features; it is loaded with the sync engine, never on the first screen.
 */
export const DOC_KIND_STORES: DocKindTable = {
  task: taskDocStore,
  conv: convDocStore,
  convlog: convLogDocStore,
  unit: unitDocStore,
  user: userDocStore,
  bulletin: bulletinDocStore,
  dossier: dossierDocStore,
};
