import type { Conversation } from '@thongsuot/shared/model/conversation';

export interface Receipt {
  readonly personId: string;
  /** When they marked read up to this message or a later one. */
  readonly at: number;
}

/** Where each message sits, and how far each member has read: computed once per doc change. */
export interface ReadState {
  readonly indexOf: ReadonlyMap<string, number>;
  readonly markers: readonly { personId: string; index: number; at: number }[];
}

export function readState(conv: Conversation): ReadState {
  const indexOf = new Map<string, number>();
  for (const [i, m] of conv.messages.entries()) indexOf.set(m.id, i);
  const current = new Set(conv.members.map((m) => m.personId));
  const markers = [...conv.readMarkers]
    .filter(([personId]) => current.has(personId))
    .map(([personId, marker]) => ({ personId, index: indexOf.get(marker.messageId) ?? -1, at: marker.at }));
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
