import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { MessageType } from './message-type.ts';
import { type AckMessage, decodeAck, encodeAck } from './messages/ack.ts';
import { type AuthMessage, decodeAuth, encodeAuth } from './messages/auth.ts';
import { type AwarenessMessage, decodeAwareness, encodeAwareness } from './messages/awareness.ts';
import { decodeError, type ErrorMessage, encodeError } from './messages/error.ts';
import { decodeHello, encodeHello, type HelloMessage } from './messages/hello.ts';
import { decodeManifest, encodeManifest, type ManifestMessage } from './messages/manifest.ts';
import { decodeSubscribe, encodeSubscribe, type SubscribeMessage } from './messages/subscribe.ts';
import { decodeSync, encodeSync, type SyncMessage } from './messages/sync.ts';
import { decodeUnsubscribed, encodeUnsubscribed, type UnsubscribedMessage } from './messages/unsubscribed.ts';

// The newer frames are re-exported here so the package index needs no edit per message.
export * from './awareness-payload.ts';
export * from './messages/auth.ts';
export * from './messages/awareness.ts';
export * from './messages/subscribe.ts';
export * from './messages/unsubscribed.ts';

export type Message =
  | HelloMessage
  | ManifestMessage
  | SyncMessage
  | AckMessage
  | ErrorMessage
  | SubscribeMessage
  | AwarenessMessage
  | UnsubscribedMessage
  | AuthMessage;

/**
 * Bounds on list lengths inside a frame, so a hostile count cannot allocate without limit (a
 * server's manifest may list a whole scope; a client's subscribe is bounded far lower).
 */
const MAX_LIST = 100_000;

export function encodeMessage(message: Message): Uint8Array {
  const encoder = encoding.createEncoder();
  switch (message.type) {
    case 'hello':
      encodeHello(encoder, message);
      break;
    case 'manifest':
      encodeManifest(encoder, message);
      break;
    case 'sync':
      encodeSync(encoder, message);
      break;
    case 'ack':
      encodeAck(encoder, message);
      break;
    case 'error':
      encodeError(encoder, message);
      break;
    case 'subscribe':
      encodeSubscribe(encoder, message);
      break;
    case 'awareness':
      encodeAwareness(encoder, message);
      break;
    case 'unsubscribed':
      encodeUnsubscribed(encoder, message);
      break;
    case 'auth':
      encodeAuth(encoder, message);
      break;
  }
  return encoding.toUint8Array(encoder);
}

/** Decodes one frame; throws on anything malformed, including trailing bytes. */
export function decodeMessage(frame: Uint8Array): Message {
  const decoder = decoding.createDecoder(frame);
  const type = decoding.readVarUint(decoder);
  let message: Message;
  switch (type) {
    case MessageType.Hello:
      message = decodeHello(decoder);
      break;
    case MessageType.Manifest:
      message = decodeManifest(decoder, MAX_LIST);
      break;
    case MessageType.Sync:
      message = decodeSync(decoder);
      break;
    case MessageType.Ack:
      message = decodeAck(decoder, MAX_LIST);
      break;
    case MessageType.Error:
      message = decodeError(decoder);
      break;
    case MessageType.Subscribe:
      message = decodeSubscribe(decoder);
      break;
    case MessageType.Awareness:
      message = decodeAwareness(decoder);
      break;
    case MessageType.Unsubscribed:
      message = decodeUnsubscribed(decoder, MAX_LIST);
      break;
    case MessageType.Auth:
      message = decodeAuth(decoder);
      break;
    default:
      throw new RangeError(`unknown frame type ${type}`);
  }
  if (decoding.hasContent(decoder)) throw new RangeError('trailing bytes after frame');
  return message;
}
