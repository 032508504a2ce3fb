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
  for (const [id, name] of people) {
    const key = foldVietnamese(name);
    if (key !== '' && folded.includes(`@${key}`)) ids.push(id);
  }
  return ids.sort();
}
