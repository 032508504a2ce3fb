import { useEffect, useRef, useState } from 'react';
import type * as Y from 'yjs';
import { usePlatform } from '../shell/platform-context.ts';
import type { DocRepository } from './doc-repository.ts';

export interface LiveDoc<T> {
  readonly doc: Y.Doc | null;
  /** What `read` made of the doc at its last change. */
  readonly value: T | null;
  /** Counts the changes seen, for readers that look at the doc itself. */
  readonly version: number;
  readonly loading: boolean;
}

/**
 * Opens a doc from the device and re-reads it on every change, local or remote. A doc rebuilt
 * after the server refused a change (DocRepository.rebuild destroys the old copy) is opened again.
 * `key` names the doc: `open` and `read` are taken from the render that last changed it.
 */
export function useLiveDoc<T>(
  key: string,
  open: (repository: DocRepository) => Promise<Y.Doc>,
  read: (doc: Y.Doc) => T,
): LiveDoc<T> {
  const { repository } = usePlatform();
  const calls = useRef({ open, read });
  calls.current = { open, read };
  const [generation, setGeneration] = useState(0);
  const [state, setState] = useState<LiveDoc<T>>({ doc: null, value: null, version: 0, loading: true });
  const openedKey = useRef(key);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` and `generation` decide when to (re)open
  useEffect(() => {
    let live = true;
    let detach = (): void => undefined;
    // Another doc: show loading rather than the previous doc. A rebuilt doc keeps the old view
    // until the new copy is open.
    if (openedKey.current !== key) {
      openedKey.current = key;
      setState((s) => ({ doc: null, value: null, version: s.version, loading: true }));
    }
    void repository()
      .then((docs) => calls.current.open(docs))
      .then((doc) => {
        if (!live) return;
        const refresh = (): void =>
          setState((s) => ({ doc, value: calls.current.read(doc), version: s.version + 1, loading: false }));
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
  }, [key, repository, generation]);
  return state;
}
