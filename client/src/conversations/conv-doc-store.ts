import type * as Y from 'yjs';
import type { DocKindStore } from '../store/doc-kinds.ts';
import { conversationTables, needsHead, projectConversationDoc } from './conv-log-projection.ts';
import { carryOverLogMessages, carryOverMessages } from './message-rebase.ts';

/** A conversation's head doc (`conv/<id>`): its list row and the messages it held before the month logs. */
export const convDocStore: DocKindStore = {
  tables: conversationTables,
  // A head rebuilt into no valid conversation loses its row.
  project: ({ db, docId, doc, rebuilt }) => projectConversationDoc(db, docId, doc, { removeInvalid: rebuilt }),
  carryOver: carryOverMessages,
};

/** One month of a conversation's messages (`convlog/<convId>_<YYYYMM>`): the month's rows and the list row. */
export const convLogDocStore: DocKindStore<Y.Doc | undefined> = {
  tables: conversationTables,
  // A month log of a conversation whose list row predates the logs: its head doc redoes the row.
  async prepare({ db, docId, open }) {
    const staleHead = await needsHead(db, docId);
    return staleHead ? open(staleHead) : undefined;
  },
  project: ({ db, docId, doc, prepared, rebuilt }) =>
    projectConversationDoc(db, docId, doc, rebuilt ? { removeInvalid: true } : { head: prepared }),
  carryOver: carryOverLogMessages,
};
