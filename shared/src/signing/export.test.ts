import { describe, expect, it } from 'vitest';
import { ModelValidationError } from '../validation/parse.ts';
import { fromBase64, toBase64 } from './bytes.ts';
import { type ExportedDossier, exportDossier, readExportedDossier, verifyExportedDossier } from './export.ts';
import { formatVerification, verificationPasses } from './report.ts';
import { fiveStepChain, makeSigner, T0, TEST_FILES } from './signing-harness.ts';

async function exported(withBytes = true): Promise<ExportedDossier> {
  const { chain, dossier, statements, keys } = await fiveStepChain();
  const stranger = await makeSigner('nguoi-khac');
  return exportDossier({
    content: dossier,
    files: dossier.files.map((f) => ({
      ...f,
      ...(withBytes ? { bytes: TEST_FILES.find((t) => t.name === f.name)?.bytes } : {}),
    })),
    statements,
    keys: [...keys, stranger.key],
    chain,
    exportedAt: T0 + 1_000 * 60 * 60 * 24,
  });
}

describe('an exported document', () => {
  it('round-trips through JSON and verifies from its embedded bytes', async () => {
    const file = await exported();
    expect(file.format).toBe('thongsuot-dossier');
    expect(file.version).toBe(1);
    expect(file.keys.map((k) => k.personId)).not.toContain('nguoi-khac');
    expect(file.keys).toHaveLength(5);
    const read = readExportedDossier(JSON.parse(JSON.stringify(file)));
    const result = await verifyExportedDossier(read);
    expect(result.verdict).toBe('valid');
    expect(result.unchecked).toEqual([]);
    expect(verificationPasses(result)).toBe(true);
    const report = formatVerification(result);
    expect(report).toContain('Bước');
    expect(report).toContain('Người ký');
    expect(report).toContain('Thời điểm');
    expect(report).toContain('Kết quả');
    expect(report).toContain('Văn bản nguyên vẹn, đủ chữ ký hợp lệ.');
  });

  it('one changed byte of an embedded file: every signature changed_after, naming the file', async () => {
    const file = await exported();
    const target = file.files[2];
    if (!target?.base64) throw new Error('no bytes');
    const bytes = fromBase64(target.base64);
    bytes[3] = (bytes[3] ?? 0) ^ 1;
    const tampered = { ...file, files: file.files.map((f) => (f === target ? { ...f, base64: toBase64(bytes) } : f)) };
    const result = await verifyExportedDossier(readExportedDossier(tampered));
    expect(result.verdict).toBe('changed');
    expect(result.signatures.every((s) => s.status === 'changed_after')).toBe(true);
    expect(verificationPasses(result)).toBe(false);
    expect(formatVerification(result)).toContain(`tệp ${target.name}`);
  });

  it('without the bytes, the hashes are only claimed and it does not pass', async () => {
    const file = await exported(false);
    const result = await verifyExportedDossier(file);
    expect(result.verdict).toBe('valid');
    expect(result.unchecked).toHaveLength(3);
    expect(verificationPasses(result)).toBe(false);
    const withDir = await verifyExportedDossier(
      file,
      async (f) => TEST_FILES.find((t) => t.name === f.name)?.bytes ?? null,
    );
    expect(verificationPasses(withDir)).toBe(true);
  });

  it('a step not signed yet: incomplete, and the report says which', async () => {
    const file = await exported();
    const result = await verifyExportedDossier({ ...file, statements: file.statements.slice(0, 4) });
    expect(result.verdict).toBe('incomplete');
    expect(verificationPasses(result)).toBe(false);
    expect(formatVerification(result)).toContain('Bước 5 (Ký ban hành, chu-tich): chưa ký.');
  });

  it('refuses a file that is not an exported document', async () => {
    const file = await exported();
    expect(() => readExportedDossier({ ...file, format: 'other' })).toThrow(ModelValidationError);
    expect(() => readExportedDossier({ ...file, files: file.files.slice(1) })).toThrow(/content\.files/);
    expect(() => readExportedDossier({ ...file, files: [...file.files, file.files[0]] })).toThrow(ModelValidationError);
    expect(() => readExportedDossier(null)).toThrow(ModelValidationError);
  });
});
