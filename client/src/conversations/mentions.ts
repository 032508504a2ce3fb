import { foldVietnamese } from '@thongsuot/shared/text/fold';

/**
 * The people a message calls on: those among `people` (id → full name) whose name follows an `@`
 * in the text, with or without diacritics (`@Huỳnh Thị Ngọc Lan`, `@huynh thi ngoc lan`). Stored
 * with the message (`mentions`), so notifications need not match names again.
 */
export function mentionedIds(text: string, people: ReadonlyMap<string, string>): string[] {
  if (!text.includes('@')) return [];
  const folded = foldVietnamese(text);
  const ids: string[] = [];
  for (const [id, name] of people) if (mentions(folded, name)) ids.push(id);
  return ids.sort();
}

/** Whether a folded message text calls the person by name: `@Huỳnh Thị Ngọc Lan`, `@huynh thi ngoc lan`. */
export function mentions(folded: string, fullName: string): boolean {
  const name = foldVietnamese(fullName);
  return name !== '' && folded.includes(`@${name}`);
}
