/**
 * Verifies an exported official document and its signatures, offline (docs/design.md §12):
 *
 *   pnpm verify-document <file.json> [--files <dir>]
 *
 * Hashes each file's embedded bytes, or the file of the same name in `--files <dir>`, checks
 * every signature against the document as it is now, the signers' keys at signing time and the
 * review chain, and prints a table. Exit code 0 only if every signature is valid, every step of
 * the chain is signed, and every file was checked and is unchanged; 1 otherwise, and for a file
 * that is not an exported document.
 */
import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type ExportedFile, readExportedDossier, verifyExportedDossier } from '@thongsuot/shared/signing/export';
import { formatVerification, verificationPasses } from '@thongsuot/shared/signing/report';
import { ModelValidationError } from '@thongsuot/shared/validation/parse';

const USAGE = 'Cách dùng: pnpm verify-document <tệp.json> [--files <thư mục chứa các tệp đính kèm>]';

/** Paths are relative to where `pnpm` was run (pnpm sets INIT_CWD), not to this package. */
const base = process.env.INIT_CWD ?? process.cwd();

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse();
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`);
  }
  const [path] = args.positionals;
  if (!path || args.positionals.length > 1) fail(USAGE);

  let text: string;
  try {
    text = await readFile(resolve(base, path), 'utf8');
  } catch (error) {
    fail(`Không đọc được tệp ${path}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    fail(`Tệp ${path} không phải JSON hợp lệ: ${(error as Error).message}`);
  }

  const dir = args.values.files === undefined ? null : resolve(base, args.values.files);
  const bytesOf = async (file: ExportedFile): Promise<Uint8Array | null> => {
    // A name from the file is untrusted: never a path out of the folder.
    if (dir === null || basename(file.name) !== file.name || file.name === '..' || file.name === '.') return null;
    try {
      return new Uint8Array(await readFile(join(dir, file.name)));
    } catch {
      return null;
    }
  };

  try {
    const result = await verifyExportedDossier(readExportedDossier(json), bytesOf);
    process.stdout.write(`${formatVerification(result)}\n`);
    process.exit(verificationPasses(result) ? 0 : 1);
  } catch (error) {
    if (error instanceof ModelValidationError) {
      fail(
        `Tệp ${path} không phải văn bản xuất từ Thông Suốt (định dạng thongsuot-dossier, phiên bản 1):\n- ${error.issues.join('\n- ')}`,
      );
    }
    throw error;
  }
}

function parse() {
  return parseArgs({ options: { files: { type: 'string' } }, allowPositionals: true, strict: true });
}

main().catch((error: unknown) => fail(`Lỗi khi kiểm tra: ${(error as Error).stack ?? String(error)}`));
