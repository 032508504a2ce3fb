import * as v from 'valibot';
import type * as Y from 'yjs';
import { parseOrThrow } from '../validation/parse.ts';
import { IdSchema, nonBlankText, TimestampSchema } from '../validation/primitives.ts';
import { userGroups } from './user-doc-layout.ts';
import { readPlainMap, sortedEntries } from './y-read.ts';

/**
 * A recipient group a leader saved for reuse ("the 12 wards along the canal"), kept in the
 * person's own doc so it follows them to every device. Each group is one value: saving it again
 * replaces it whole, the last save wins.
 */
export const RecipientGroupSchema = v.object({
  name: nonBlankText(120),
  unitIds: v.pipe(v.array(IdSchema), v.minLength(1), v.maxLength(2_000)),
  at: TimestampSchema,
});

export interface RecipientGroup {
  readonly id: string;
  readonly name: string;
  readonly unitIds: readonly string[];
  readonly at: number;
}

export function saveRecipientGroup(doc: Y.Doc, group: RecipientGroup): void {
  parseOrThrow(IdSchema, group.id, 'group id');
  const valid = parseOrThrow(
    RecipientGroupSchema,
    { name: group.name, unitIds: [...group.unitIds], at: group.at },
    'group',
  );
  userGroups(doc).set(group.id, valid);
}

export function deleteRecipientGroup(doc: Y.Doc, id: string): void {
  userGroups(doc).delete(id);
}

/** The saved groups by name; null if one is malformed. */
export function readRecipientGroups(doc: Y.Doc): RecipientGroup[] | null {
  const groups = readPlainMap(userGroups(doc), RecipientGroupSchema);
  if (!groups) return null;
  return sortedEntries(groups)
    .map(([id, g]) => ({ id, ...g }))
    .sort((a, b) => a.name.localeCompare(b.name, 'vi'));
}
