import * as v from 'valibot';
import type * as Y from 'yjs';
import type { Principal } from '../access/principal.ts';
import { IdSchema, TimestampSchema } from '../validation/primitives.ts';
import { taskWatchers } from './task-doc.ts';
import { appendTaskEvent } from './task-event.ts';

/** Watchers read a task without being its issuer or a recipient (e.g. a coordinating department). */
export const PrincipalSchema = v.pipe(v.string(), v.regex(/^(user|unit):[A-Za-z0-9_-]{1,64}$/));
export const WatchSchema = v.object({ at: TimestampSchema, by: IdSchema });

export function addTaskWatcher(doc: Y.Doc, principal: Principal, by: string, at: number): void {
  v.parse(PrincipalSchema, principal);
  doc.transact(() => {
    taskWatchers(doc).set(principal, { at, by });
    appendTaskEvent(doc, 'watcher_added', by, at, principal);
  });
}

export function removeTaskWatcher(doc: Y.Doc, principal: Principal, by: string, at: number): void {
  if (!taskWatchers(doc).has(principal)) return;
  doc.transact(() => {
    taskWatchers(doc).delete(principal);
    appendTaskEvent(doc, 'watcher_removed', by, at, principal);
  });
}

export function readTaskWatchers(doc: Y.Doc): Principal[] | null {
  const out: Principal[] = [];
  for (const [key, raw] of taskWatchers(doc).entries()) {
    if (!v.is(PrincipalSchema, key) || !v.is(WatchSchema, raw)) return null;
    out.push(key as Principal);
  }
  return out.sort();
}
