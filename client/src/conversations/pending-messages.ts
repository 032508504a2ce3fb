import * as Y from 'yjs';

/**
 * The ids of the messages an update appends. An outbox entry holding a message means the server
 * has not yet acknowledged it: the message is on this device only (the ack deletes the entry).
 */
export function messageIdsIn(update: Uint8Array): string[] {
  const ids: string[] = [];
  for (const struct of Y.decodeUpdate(update).structs) {
    if (!(struct instanceof Y.Item) || struct.parentSub !== null) continue;
    const values = (struct.content as { arr?: unknown[] }).arr;
    for (const value of values ?? []) {
      if (typeof value === 'object' && value !== null && 'by' in value && 'text' in value) {
        const id = (value as { id?: unknown }).id;
        if (typeof id === 'string') ids.push(id);
      }
    }
  }
  return ids;
}

/** The messages still waiting in these outbox entries. */
export function pendingMessageIds(entries: readonly { data: Uint8Array }[]): Set<string> {
  const ids = new Set<string>();
  for (const entry of entries) for (const id of messageIdsIn(entry.data)) ids.add(id);
  return ids;
}
