import * as v from 'valibot';
import * as Y from 'yjs';
import { parseOrThrow } from '../validation/parse.ts';
import { IdSchema, TimestampSchema } from '../validation/primitives.ts';
import { replaceText } from './text-edit.ts';
import { userDrafts } from './user-doc-layout.ts';

/**
 * An unsent message, report or comment, kept in the person's own doc so it follows them from
 * phone to desktop. The text is a Y.Text: typing on two devices merges instead of overwriting.
 */
export const DraftTargetSchema = v.pipe(v.string(), v.regex(/^(task|conv|bulletin)\/[A-Za-z0-9_-]{1,64}$/));

export interface Draft {
  readonly id: string;
  /** The doc the draft will be posted to, e.g. `conv/<id>`. */
  readonly target: string;
  readonly text: string;
  readonly updatedAt: number;
}

export function saveDraft(doc: Y.Doc, id: string, target: string, text: string, at: number): void {
  parseOrThrow(IdSchema, id, 'draft id');
  parseOrThrow(DraftTargetSchema, target, 'draft target');
  parseOrThrow(TimestampSchema, at, 'draft time');
  doc.transact(() => {
    let entry = userDrafts(doc).get(id);
    if (!(entry instanceof Y.Map)) {
      entry = new Y.Map<unknown>();
      userDrafts(doc).set(id, entry);
      (entry as Y.Map<unknown>).set('text', new Y.Text());
    }
    const map = entry as Y.Map<unknown>;
    map.set('target', target);
    map.set('updatedAt', at);
    const body = map.get('text');
    if (body instanceof Y.Text) replaceText(body, text);
  });
}

export function discardDraft(doc: Y.Doc, id: string): void {
  userDrafts(doc).delete(id);
}

export function readDrafts(doc: Y.Doc): Draft[] | null {
  const out: Draft[] = [];
  for (const [id, entry] of userDrafts(doc).entries()) {
    if (!(entry instanceof Y.Map)) return null;
    const target = entry.get('target');
    const updatedAt = entry.get('updatedAt');
    const text = entry.get('text');
    if (!v.is(DraftTargetSchema, target) || !v.is(TimestampSchema, updatedAt) || !(text instanceof Y.Text)) return null;
    out.push({ id, target, text: text.toString(), updatedAt });
  }
  return out.sort((a, b) => b.updatedAt - a.updatedAt || (a.id < b.id ? -1 : 1));
}
