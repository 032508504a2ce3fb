import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromBase64, toBase64 } from '@thongsuot/shared/signing/bytes';
import { type ExportedDossier, exportDossier } from '@thongsuot/shared/signing/export';
import { fiveStepChain, T0, TEST_FILES } from '@thongsuot/shared/signing/signing-harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** `pnpm verify-document` (sync-server/scripts/verify-document.ts), run as a child process. */
const serverDir = new URL('../..', import.meta.url).pathname;

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/verify-document.ts', ...args], {
      cwd: serverDir,
      env: { ...process.env, INIT_CWD: dir },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let dir = '';
let good: ExportedDossier;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'verify-document-'));
  const { chain, dossier, statements, keys } = await fiveStepChain();
  good = exportDossier({
    content: dossier,
    files: dossier.files.map((f) => ({ ...f, bytes: TEST_FILES.find((t) => t.name === f.name)?.bytes })),
    statements,
    keys,
    chain,
    exportedAt: T0 + 86_400_000,
  });
  await writeFile(join(dir, 'good.json'), JSON.stringify(good, null, 2));

  const target = good.files[0];
  if (!target?.base64) throw new Error('no bytes');
  const bytes = fromBase64(target.base64);
  bytes[0] = (bytes[0] ?? 0) ^ 1;
  const files = good.files.map((f) => (f === target ? { ...f, base64: toBase64(bytes) } : f));
  await writeFile(join(dir, 'tampered.json'), JSON.stringify({ ...good, files }));

  const bare = { ...good, files: good.files.map(({ base64: _, ...f }) => f) };
  await writeFile(join(dir, 'bare.json'), JSON.stringify(bare));
  await mkdir(join(dir, 'tep'));
  for (const f of TEST_FILES) await writeFile(join(dir, 'tep', f.name), f.bytes);

  await writeFile(join(dir, 'broken.json'), '{"format": "thongsuot-dossier", ');
  await writeFile(join(dir, 'other.json'), JSON.stringify({ ...good, version: 2 }));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('pnpm verify-document', () => {
  it('exits 0 for a good file and prints the table', async () => {
    const { code, stdout } = await run(['good.json']);
    expect(code).toBe(0);
    for (const header of ['Bước', 'Người ký', 'Thời điểm', 'Kết quả']) expect(stdout).toContain(header);
    expect(stdout.match(/Hợp lệ/g)).toHaveLength(5);
    expect(stdout).toContain('5. Ký ban hành');
    expect(stdout).toContain('chu-tich (khóa k-chu-tich)');
  });

  it('exits 1 after one byte of an embedded file changed, naming the file', async () => {
    const { code, stdout } = await run(['tampered.json']);
    expect(code).toBe(1);
    expect(stdout).toContain('Văn bản đã bị sửa sau khi ký');
    expect(stdout).toContain(`tệp ${good.files[0]?.name}`);
  });

  it('reads the files from --files <dir> when they are not embedded, and fails without them', async () => {
    expect((await run(['bare.json', '--files', 'tep'])).code).toBe(0);
    const without = await run(['bare.json']);
    expect(without.code).toBe(1);
    expect(without.stdout).toContain('chưa đối chiếu được');
  });

  it('says clearly in Vietnamese when the file is not an exported document', async () => {
    const broken = await run(['broken.json']);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('không phải JSON hợp lệ');
    const other = await run(['other.json']);
    expect(other.code).toBe(1);
    expect(other.stderr).toContain('không phải văn bản xuất từ Thông Suốt');
    const missing = await run(['khong-co.json']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Không đọc được tệp');
    expect((await run([])).stderr).toContain('Cách dùng');
  });
});
