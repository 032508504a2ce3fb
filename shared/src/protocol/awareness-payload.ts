import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/** One entry of a y-protocols awareness update: a client's state (null = gone) at a clock. */
export interface AwarenessEntry {
  readonly clientId: number;
  readonly clock: number;
  /** The JSON text of the state; 'null' when the client left. */
  readonly stateJson: string;
}

/** Reads an awareness update without an Awareness instance; throws on anything malformed. */
export function readAwarenessPayload(payload: Uint8Array, maxEntries: number): AwarenessEntry[] {
  const decoder = decoding.createDecoder(payload);
  const count = decoding.readVarUint(decoder);
  if (count > maxEntries) throw new RangeError(`awareness lists ${count} clients, limit ${maxEntries}`);
  const entries: AwarenessEntry[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const stateJson = decoding.readVarString(decoder);
    JSON.parse(stateJson);
    entries.push({ clientId, clock, stateJson });
  }
  if (decoding.hasContent(decoder)) throw new RangeError('trailing bytes after awareness update');
  return entries;
}

export function writeAwarenessPayload(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const e of entries) {
    encoding.writeVarUint(encoder, e.clientId);
    encoding.writeVarUint(encoder, e.clock);
    encoding.writeVarString(encoder, e.stateJson);
  }
  return encoding.toUint8Array(encoder);
}
