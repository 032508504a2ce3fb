import { type Conversation, readConversation } from '@thongsuot/shared/model/conversation';
import { useEffect, useState } from 'react';
import type * as Y from 'yjs';
import { usePlatform } from '../shell/platform-context.ts';

export interface ConversationDocState {
  readonly doc: Y.Doc | null;
  readonly conv: Conversation | null;
  readonly loading: boolean;
}

/**
 * Opens a conversation doc from the device and re-reads it on every change, local or remote;
 * a doc rebuilt after a refusal (its old copy destroyed) is opened again.
 */
export function useConversationDoc(docId: string): ConversationDocState {
  const { repository } = usePlatform();
  const [generation, setGeneration] = useState(0);
  const [state, setState] = useState<ConversationDocState>({ doc: null, conv: null, loading: true });
  // biome-ignore lint/correctness/useExhaustiveDependencies: `generation` re-opens a rebuilt doc
  useEffect(() => {
    let live = true;
    let detach = (): void => undefined;
    setState({ doc: null, conv: null, loading: true });
    void repository()
      .then((docs) => docs.open(docId))
      .then((doc) => {
        if (!live) return;
        const refresh = (): void => setState({ doc, conv: readConversation(doc), loading: false });
        const reopen = (): void => setGeneration((n) => n + 1);
        doc.on('update', refresh);
        doc.on('destroy', reopen);
        detach = () => {
          doc.off('update', refresh);
          doc.off('destroy', reopen);
        };
        refresh();
      });
    return () => {
      live = false;
      detach();
    };
  }, [docId, repository, generation]);
  return state;
}
