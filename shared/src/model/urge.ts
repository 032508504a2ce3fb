import type * as Y from 'yjs';
import { parseOrThrow } from '../validation/parse.ts';
import { boundedText } from '../validation/primitives.ts';
import { taskAssignments } from './task-doc.ts';
import { appendTaskEvent, type TaskEvent } from './task-event.ts';

/**
 * "Đôn đốc": the issuer side presses a recipient to get on with the work. An urge is an event in
 * the task's append-only log (`urged`, detail `<recipientId>` or `<recipientId>:<note>`), so it
 * needs no new structure, merges like every other event, and the recipient's device turns its
 * arrival into a notification.
 */
export interface Urge {
  readonly recipientId: string;
  readonly by: string;
  readonly at: number;
  readonly note: string;
}

export function urgeRecipient(doc: Y.Doc, recipientId: string, by: string, at: number, note = ''): void {
  const text = parseOrThrow(boundedText(300), note.trim(), 'urge note');
  if (!taskAssignments(doc).has(recipientId)) throw new Error(`no assignment for ${recipientId}`);
  doc.transact(() => appendTaskEvent(doc, 'urged', by, at, text ? `${recipientId}:${text}` : recipientId));
}

/** Every urge in the log, oldest first. */
export function readUrges(events: readonly TaskEvent[]): Urge[] {
  const out: Urge[] = [];
  for (const e of events) {
    if (e.type !== 'urged' || !e.detail) continue;
    const colon = e.detail.indexOf(':');
    const recipientId = colon < 0 ? e.detail : e.detail.slice(0, colon);
    out.push({ recipientId, by: e.by, at: e.at, note: colon < 0 ? '' : e.detail.slice(colon + 1) });
  }
  return out.sort((a, b) => a.at - b.at);
}

/** The latest urge per recipient. */
export function latestUrges(events: readonly TaskEvent[]): Map<string, Urge> {
  const out = new Map<string, Urge>();
  for (const u of readUrges(events)) out.set(u.recipientId, u);
  return out;
}
