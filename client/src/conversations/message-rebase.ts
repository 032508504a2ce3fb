import { appendToLog, hasMessage, readConvLog } from '@thongsuot/shared/model/conv-log';
import { readConversation } from '@thongsuot/shared/model/conversation';
import { postMessage } from '@thongsuot/shared/model/message';
import type * as Y from 'yjs';

/**
 * After the server refused a change to a conversation (e.g. two people started the same direct
 * conversation offline, and the second start conflicts with the first), the doc is rebuilt from
 * the server's state: messages this device wrote that the server does not hold are written again
 * on top of it, with their own ids, so none is lost and none is doubled. Returns the carried keys
 * (`msg:<id>`); a key in `skip` was carried once already and is let go.
 */
export function carryOverMessages(previous: Y.Doc, fresh: Y.Doc, skip: ReadonlySet<string>): string[] {
  const before = readConversation(previous);
  const now = readConversation(fresh);
  if (!before || !now) return [];
  const held = new Set(now.messages.map((m) => m.id));
  const carried: string[] = [];
  for (const message of before.messages) {
    const key = `msg:${message.id}`;
    if (held.has(message.id) || skip.has(key)) continue;
    try {
      postMessage(fresh, message);
      carried.push(key);
    } catch {
      // No longer a member on the server's state: nothing to write.
    }
  }
  return carried;
}

/**
 * The same for one month's log (`convlog/...`): the messages of the refused copy the server's
 * log lacks are appended again, each once (a log the server never took is started again).
 */
export function carryOverLogMessages(previous: Y.Doc, fresh: Y.Doc, skip: ReadonlySet<string>): string[] {
  const before = readConvLog(previous);
  if (!before) return [];
  const carried: string[] = [];
  for (const message of before.messages) {
    const key = `msg:${message.id}`;
    if (hasMessage(fresh, message.id) || skip.has(key)) continue;
    try {
      appendToLog(fresh, before.convId, message);
      carried.push(key);
    } catch {
      // The server's log belongs elsewhere (cannot happen for one doc id): nothing to write.
    }
  }
  return carried;
}
