import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { type IssuedPdfInput, issuedDocumentPdfWith } from './issued-pdf.ts';
import { placeDateLine, vnTime } from './issued-pdf-dates.ts';

const require = createRequire(import.meta.url);
const font = (path: string) => new Uint8Array(readFileSync(require.resolve(`@expo-google-fonts/noto-serif/${path}`)));
const FONTS = {
  regular: font('400Regular/NotoSerif_400Regular.ttf'),
  bold: font('700Bold/NotoSerif_700Bold.ttf'),
  italic: font('400Regular_Italic/NotoSerif_400Regular_Italic.ttf'),
};

/** The decoded bytes of a stream that `dict` refers to under `key`. */
function streamBytes(dict: PDFDict, key: string): Uint8Array {
  const stream = dict.lookup(PDFName.of(key));
  if (!(stream instanceof PDFRawStream)) throw new Error(`${key} is not a stream`);
  return decodePDFRawStream(stream).decode();
}

/** 2026-11-30 10:00 in Vietnam. */
const T = Date.parse('2026-11-30T10:00:00+07:00');

const PARAGRAPH =
  'Thực hiện Kế hoạch số 120/KH-UBND ngày 15 tháng 10 năm 2026 của Ủy ban nhân dân Thành phố về kiểm tra ' +
  'công tác cải cách hành chính, Ủy ban nhân dân phường Bến Thành báo cáo kết quả kiểm tra việc tiếp nhận, ' +
  'giải quyết hồ sơ thủ tục hành chính tại Bộ phận Một cửa như sau: tổng số hồ sơ tiếp nhận trong kỳ là 1.248 hồ sơ, ' +
  'đã giải quyết đúng hạn 1.201 hồ sơ, trễ hạn 12 hồ sơ; nguyên nhân chủ yếu do thiếu thành phần hồ sơ và ' +
  'chưa đồng bộ dữ liệu đất đai. Đề nghị các phòng, ban chuyên môn khẩn trương rà soát, khắc phục.';

const SAMPLE: IssuedPdfInput = {
  parentBody: 'UBND THÀNH PHỐ HỒ CHÍ MINH',
  issuingBody: 'UBND PHƯỜNG BẾN THÀNH',
  numberSymbol: '15/UBND-VHXH',
  place: 'Thành phố Hồ Chí Minh',
  date: '2026-11-30',
  docTypeLabel: 'CÔNG VĂN',
  summary: 'V/v báo cáo kết quả kiểm tra công tác cải cách hành chính năm 2026',
  body: [
    'Kính gửi: Ủy ban nhân dân Thành phố Hồ Chí Minh.',
    ...Array.from({ length: 9 }, (_, i) => `${i + 1}. ${PARAGRAPH}`),
    '',
    'Ủy ban nhân dân phường Bến Thành kính báo cáo./.',
  ].join('\n'),
  recipients: ['UBND Thành phố (để báo cáo)', 'Sở Nội vụ', 'Phòng Văn hóa - Xã hội phường'],
  signers: [
    {
      name: 'Trần Thị Bích Ngọc',
      position: 'Trưởng phòng Văn hóa - Xã hội',
      role: 'review',
      at: T - 3_600_000,
      receivedAt: T - 3_590_000,
      keyFingerprint: 'SHA256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
      status: 'Hợp lệ',
    },
    {
      name: 'Nguyễn Văn Đức',
      position: 'KT. Chủ tịch\nPhó Chủ tịch',
      role: 'sign',
      at: T,
      receivedAt: null,
      keyFingerprint: 'SHA256:60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752',
      status: 'Hợp lệ',
    },
  ],
  files: [
    {
      name: 'bao-cao-kiem-tra-cchc-2026.pdf',
      sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      size: 482_113,
    },
  ],
  verificationCode: 'A1B2-C3D4-E5F6-0718',
  verifyHint: 'Kiểm tra bằng: pnpm verify-document <tệp chữ ký .json>',
  issuedAt: T,
};

describe('issuedDocumentPdf', () => {
  it('formats the Decree-30 date line and Vietnam times', () => {
    expect(placeDateLine('Thành phố Hồ Chí Minh', '2026-11-30')).toBe(
      'Thành phố Hồ Chí Minh, ngày 30 tháng 11 năm 2026',
    );
    expect(placeDateLine('Hà Nội', '2026-02-05')).toBe('Hà Nội, ngày 05 tháng 02 năm 2026');
    expect(placeDateLine('Hà Nội', '2026-03-05')).toBe('Hà Nội, ngày 05 tháng 3 năm 2026');
    expect(vnTime(Date.parse('2026-11-30T17:30:00Z'))).toBe('01/12/2026 00:30');
  });

  it('builds a multi-page PDF in the embedded Noto Serif with the metadata set', async () => {
    const bytes = await issuedDocumentPdfWith(SAMPLE, FONTS);
    const doc = await PDFDocument.load(bytes, { updateMetadata: false });

    expect(doc.getPageCount()).toBeGreaterThanOrEqual(2);
    expect(doc.getTitle()).toBe(SAMPLE.summary);
    expect(doc.getSubject()).toBe('15/UBND-VHXH');
    expect(doc.getKeywords()).toContain('A1B2-C3D4-E5F6-0718');
    expect(doc.getProducer()).toBe('Thông Suốt');
    expect(doc.getCreationDate()?.getTime()).toBe(T);

    const baseFonts = doc.context
      .enumerateIndirectObjects()
      .map(([, obj]) => obj)
      .filter((obj): obj is PDFDict => obj instanceof PDFDict && obj.get(PDFName.of('Type')) === PDFName.of('Font'))
      .map((dict) => dict.get(PDFName.of('BaseFont'))?.toString() ?? '');
    expect(baseFonts.length).toBeGreaterThan(0);
    for (const name of baseFonts) expect(name).toMatch(/^\/NotoSerif-(Regular|Bold|Italic)(-\d+)?$/);
    expect(new Set(baseFonts.map((n) => n.split('-')[1]))).toEqual(new Set(['Regular', 'Bold', 'Italic']));

    // No standard-14 fallback, which would drop the Vietnamese diacritics.
    expect(Buffer.from(bytes).includes('Helvetica')).toBe(false);
    expect(Buffer.from(bytes).includes('Times-Roman')).toBe(false);
  });

  it('embeds every glyph intact: each subset outline equals the source font outline', async () => {
    const doc = await PDFDocument.load(await issuedDocumentPdfWith(SAMPLE, FONTS));
    const type0 = doc.context
      .enumerateIndirectObjects()
      .map(([, obj]) => obj)
      .filter(
        (obj): obj is PDFDict => obj instanceof PDFDict && obj.get(PDFName.of('Subtype')) === PDFName.of('Type0'),
      );
    expect(type0).toHaveLength(3);
    const seen = new Set<string>();
    for (const font of type0) {
      const weight = String(font.get(PDFName.of('BaseFont'))).split('-')[1] as 'Regular' | 'Bold' | 'Italic';
      const source = fontkit.create({ Regular: FONTS.regular, Bold: FONTS.bold, Italic: FONTS.italic }[weight]);
      const cid = font.lookup(PDFName.of('DescendantFonts'), PDFArray).lookup(0, PDFDict);
      const subset = fontkit.create(streamBytes(cid.lookup(PDFName.of('FontDescriptor'), PDFDict), 'FontFile2'));
      const cmap = new TextDecoder().decode(streamBytes(font, 'ToUnicode'));
      const pairs = [...cmap.matchAll(/<([0-9a-f]{4})> <([0-9a-f]{4})>/gi)];
      expect(pairs.length).toBeGreaterThan(10);
      for (const [, gid, unicode] of pairs) {
        const char = String.fromCodePoint(Number.parseInt(unicode ?? '', 16));
        const expected = source.glyphForCodePoint(char.codePointAt(0) ?? 0).path.toSVG();
        expect(subset.getGlyph(Number.parseInt(gid ?? '', 16)).path.toSVG(), `${weight} '${char}'`).toBe(expected);
        seen.add(char);
      }
    }
    for (const char of 'ệưĐạốữ') expect(seen).toContain(char);
  });

  it('works without an italic face and with no parent body', async () => {
    const bytes = await issuedDocumentPdfWith(
      { ...SAMPLE, parentBody: null, body: 'Ngắn gọn.' },
      { regular: FONTS.regular, bold: FONTS.bold },
    );
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBeGreaterThanOrEqual(1);
  });
});
