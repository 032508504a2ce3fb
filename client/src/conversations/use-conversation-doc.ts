import { type Conversation, readConversation } from '@thongsuot/shared/model/conversation';
import type * as Y from 'yjs';
import { useLiveDoc } from '../store/use-live-doc.ts';

export interface ConversationDocState {
  readonly doc: Y.Doc | null;
  readonly conv: Conversation | null;
  readonly loading: boolean;
}

/** A conversation doc from the device, re-read on every change (see useLiveDoc). */
export function useConversationDoc(docId: string): ConversationDocState {
  const { doc, value, loading } = useLiveDoc(docId, (docs) => docs.open(docId), readConversation);
  return { doc, conv: value, loading };
}
