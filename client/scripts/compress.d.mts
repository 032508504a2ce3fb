export interface Compressed {
  readonly files: number;
  readonly before: number;
  readonly brotli: number;
  readonly gzip: number;
}
/** Writes a .br and a .gz twin beside every text file of at least 1 KB (and every HTML file) under `dir`. */
export function compressDir(dir: string): Compressed;
/** Writes `<file>.br` and `<file>.gz` beside one file. */
export function compressFile(file: string): { before: number; brotli: number; gzip: number };
