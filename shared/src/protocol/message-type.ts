/**
 * Frame types of the multiplexed sync protocol (docs/design.md §2). Every frame starts with its
 * type; frames about a document then name it. Numbers are part of the wire format: never reuse.
 */
export const MessageType = {
  Hello: 0,
  Manifest: 1,
  Sync: 2,
  Ack: 3,
  Error: 4,
  Subscribe: 5,
  Awareness: 6,
  Unsubscribed: 7,
  Auth: 8,
  /** Server -> client: another frame, zlib-compressed (`packed-frame.ts`). Not a message itself. */
  Packed: 9,
} as const;
export type MessageTypeCode = (typeof MessageType)[keyof typeof MessageType];
