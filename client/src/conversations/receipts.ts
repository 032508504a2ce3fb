import type { ReadMarker } from '@thongsuot/shared/model/message';
import { type History, markerIndex } from './conversation-history.ts';

export interface Receipt {
  readonly personId: string;
  /** When they marked read up to this message or a later one. */
  readonly at: number;
}

/** Where each message sits, and how far each member has read: computed once per change. */
export interface ReadState {
  readonly indexOf: ReadonlyMap<string, number>;
  readonly markers: readonly { personId: string; index: number; at: number }[];
}

/** How far each current member has read the opened history (markers compare across months). */
export function readState(
  history: History,
  memberIds: readonly string[],
  readMarkers: ReadonlyMap<string, ReadMarker>,
): ReadState {
  const indexOf = new Map<string, number>();
  for (const [i, m] of history.messages.entries()) indexOf.set(m.id, i);
  const current = new Set(memberIds);
  const markers = [...readMarkers]
    .filter(([personId]) => current.has(personId))
    .map(([personId, marker]) => ({ personId, index: markerIndex(history, marker, indexOf), at: marker.at }));
  return { indexOf, markers };
}

/** Who (other than the author) has read the message, in the order they read it. */
export function readBy(state: ReadState, messageId: string, authorId: string): Receipt[] {
  const index = state.indexOf.get(messageId);
  if (index === undefined) return [];
  return state.markers
    .filter((m) => m.personId !== authorId && m.index >= index)
    .map((m) => ({ personId: m.personId, at: m.at }))
    .sort((a, b) => a.at - b.at || (a.personId < b.personId ? -1 : 1));
}

export type MessageState = 'local' | 'saved' | 'read';

/** The sender's state of a message: only the relay's receipt makes it saved; read once someone read it. */
export function messageState(pending: boolean, relayAt: number | null, readers: number): MessageState {
  if (pending || relayAt === null) return 'local';
  return readers > 0 ? 'read' : 'saved';
}
