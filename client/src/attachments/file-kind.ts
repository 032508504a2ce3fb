/** What a file is, for its row in Vietnamese ("Tệp PDF", "Bảng tính Excel"): from its type, else its name. */
export type FileKind = 'pdf' | 'image' | 'word' | 'excel' | 'powerpoint' | 'text' | 'archive' | 'other';

const BY_EXTENSION: Record<string, FileKind> = {
  pdf: 'pdf',
  jpg: 'image',
  jpeg: 'image',
  png: 'image',
  gif: 'image',
  webp: 'image',
  heic: 'image',
  doc: 'word',
  docx: 'word',
  odt: 'word',
  rtf: 'word',
  xls: 'excel',
  xlsx: 'excel',
  ods: 'excel',
  csv: 'excel',
  ppt: 'powerpoint',
  pptx: 'powerpoint',
  odp: 'powerpoint',
  txt: 'text',
  zip: 'archive',
  rar: 'archive',
  '7z': 'archive',
};

export function kindOf(mimeType: string, name: string): FileKind {
  const type = mimeType.toLowerCase();
  if (type === 'application/pdf') return 'pdf';
  if (type.startsWith('image/') && type !== 'image/svg+xml') return 'image';
  const extension = name.toLowerCase().split('.').pop() ?? '';
  return BY_EXTENSION[extension] ?? (type.startsWith('text/') && type !== 'text/html' ? 'text' : 'other');
}

/** Shown inline: images the browser draws from bytes (an SVG is a document that can run script, so it is not). */
export function isInlineImage(mimeType: string): boolean {
  return ['image/jpeg', 'image/png', 'image/gif', 'image/webp'].includes(mimeType.toLowerCase());
}
