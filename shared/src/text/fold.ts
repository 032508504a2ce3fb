/**
 * Folds Vietnamese text for diacritic-free matching: "Đặng Thị Hồng" -> "dang thi hong".
 * NFD strips the combining marks, but đ/Đ is a letter of its own, not d + a mark, so it
 * must be mapped explicitly (MISSION.md).
 */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
