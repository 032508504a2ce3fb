// PDF of an issued official document (văn bản đi), laid out after Decree 30/2020/NĐ-CP and built
// on the device. Only through import(): pdf-lib, fontkit and Noto Serif load on demand (pwa/sw.ts).
import regularUrl from '@expo-google-fonts/noto-serif/400Regular/NotoSerif_400Regular.ttf?url';
import italicUrl from '@expo-google-fonts/noto-serif/400Regular_Italic/NotoSerif_400Regular_Italic.ttf?url';
import boldUrl from '@expo-google-fonts/noto-serif/700Bold/NotoSerif_700Bold.ttf?url';
import fontkit from '@pdf-lib/fontkit';
import { type Color, PDFDocument, type PDFFont, type PDFPage, rgb } from 'pdf-lib';
import { placeDateLine, vnTime } from './issued-pdf-dates.ts';

export interface IssuedPdfSigner {
  name: string;
  position: string; // may hold '\n', e.g. 'KT. Chủ tịch\nPhó Chủ tịch'
  role: 'review' | 'sign';
  at: number; // ms epoch, device signing time
  receivedAt: number | null; // ms epoch the relay received the signature
  keyFingerprint: string;
  status: string; // already-translated verification status, e.g. 'Hợp lệ'
}

export interface IssuedPdfInput {
  parentBody: string | null; // cơ quan chủ quản
  issuingBody: string;
  numberSymbol: string;
  place: string;
  date: string; // 'YYYY-MM-DD'
  docTypeLabel: string;
  summary: string; // trích yếu
  body: string; // paragraphs separated by '\n'
  recipients: string[];
  signers: IssuedPdfSigner[]; // review steps, then the signer
  files: { name: string; sha256: string; size: number }[];
  verificationCode: string;
  verifyHint: string;
  issuedAt: number; // ms epoch
}

export type IssuedPdfFonts = { regular: Uint8Array; bold: Uint8Array; italic?: Uint8Array };
type Fonts = Record<'regular' | 'bold' | 'italic', PDFFont>;

const MM = 72 / 25.4;
const [PAGE_W, PAGE_H] = [595.28, 841.89]; // A4
const LEFT = 30 * MM;
const RIGHT = PAGE_W - 20 * MM;
const WIDTH = RIGHT - LEFT;
const CENTER = LEFT + WIDTH / 2;
const TOP = PAGE_H - 20 * MM;
const FOOTER_Y = 12 * MM;
const BOTTOM = FOOTER_Y + 12 * MM;
const BLACK = rgb(0, 0, 0);
const GREY = rgb(0.35, 0.35, 0.35);

async function loadFont(url: string): Promise<Uint8Array> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`font ${url}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

/** Fetched while online from an issued document's page, so the worker keeps them for offline PDFs. */
export async function warmPdfAssets(): Promise<void> {
  await Promise.all([regularUrl, boldUrl, italicUrl].map(loadFont));
}

/** Fetches the bundled Noto Serif files (kept by the service worker after first use) and builds the PDF. */
export async function issuedDocumentPdf(input: IssuedPdfInput): Promise<Uint8Array> {
  const [regular, bold, italic] = await Promise.all([loadFont(regularUrl), loadFont(boldUrl), loadFont(italicUrl)]);
  return issuedDocumentPdfWith(input, { regular, bold, italic });
}

export async function issuedDocumentPdfWith(input: IssuedPdfInput, fontBytes: IssuedPdfFonts): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(evenGlyphFontkit);
  const regular = await doc.embedFont(fontBytes.regular, { subset: true });
  const bold = await doc.embedFont(fontBytes.bold, { subset: true });
  const italic = fontBytes.italic ? await doc.embedFont(fontBytes.italic, { subset: true }) : regular;
  const w = new Writer(doc, { regular, bold, italic });
  drawHeader(w, input);
  drawBody(w, input.body);
  drawClosing(w, input);
  drawVerification(w, input);
  drawFooters(w, input.verificationCode);
  doc.setTitle(clean(input.summary));
  doc.setSubject(clean(input.numberSymbol));
  doc.setKeywords([clean(input.verificationCode), clean(input.numberSymbol)]);
  doc.setAuthor(clean(input.issuingBody));
  doc.setProducer('Thông Suốt');
  doc.setCreator('Thông Suốt');
  doc.setLanguage('vi-VN');
  doc.setCreationDate(new Date(input.issuedAt));
  doc.setModificationDate(new Date(input.issuedAt));
  // Plain (not object-stream) objects: the font dictionaries stay readable in the file.
  return doc.save({ useObjectStreams: false });
}

/**
 * @pdf-lib/fontkit 1.1.1 writes a subset's `loca` in the short format (offsets halved) but never pads
 * glyph records to an even length, so after the first odd-length one glyphs come out blank or garbled
 * (fixed upstream in fontkit 1.8, foliojs/fontkit#191, never taken by the fork). Noto Serif has ~1,100
 * odd-length records: pad each copied one with a zero byte, as TrueType allows. Tested glyph by glyph.
 */
const evenGlyphFontkit: Parameters<PDFDocument['registerFontkit']>[0] = {
  create(bytes, postscriptName) {
    const font = fontkit.create(bytes, postscriptName);
    const createSubset = font.createSubset.bind(font);
    font.createSubset = () => {
      const subset = createSubset();
      const s = subset as unknown as TtfSubset;
      const addGlyph = s._addGlyph?.bind(subset); // absent from a CFF (OTF) subset, which is not affected
      if (addGlyph) s._addGlyph = (gid) => padGlyph(s, addGlyph(gid));
      return subset;
    };
    return font;
  },
};

/** The parts of a @pdf-lib/fontkit 1.1.1 TrueType subset that the padding touches. */
type TtfSubset = { glyf?: Uint8Array[]; offset?: number; _addGlyph?: (gid: number) => number };

function padGlyph(s: TtfSubset, index: number): number {
  const record = s.glyf?.[index];
  if (!s.glyf || !record || record.length % 2 === 0 || s.offset === undefined) return index;
  // Same class as the record (fontkit's Buffer polyfill), one zero byte longer.
  const padded = new (record.constructor as new (n: number) => Uint8Array)(record.length + 1);
  padded.set(record);
  padded[record.length] = 0;
  s.glyf[index] = padded;
  s.offset += 1;
  return index;
}

/** Precomposed (NFC) text, since the PDF does no mark positioning; no tabs or CRs. */
function clean(s: string): string {
  return s.normalize('NFC').replace(/\t/g, '    ').replace(/\r/g, '');
}

/** A cursor over pages: y goes down from TOP, a new page starts when a block would not fit. */
class Writer {
  page: PDFPage;
  y = TOP;
  constructor(
    readonly doc: PDFDocument,
    readonly f: Fonts,
  ) {
    this.page = doc.addPage([PAGE_W, PAGE_H]);
  }
  /** Starts a new page unless `height` more points fit above the footer. */
  ensure(height: number): void {
    if (this.y - height >= BOTTOM) return;
    this.page = this.doc.addPage([PAGE_W, PAGE_H]);
    this.y = TOP;
  }
  text(s: string, x: number, y: number, font: PDFFont, size: number, color = BLACK): void {
    if (s) this.page.drawText(s, { x, y, font, size, color });
  }
  centered(s: string, center: number, y: number, font: PDFFont, size: number): number {
    const width = widthOf(s, font, size);
    this.text(s, center - width / 2, y, font, size);
    return width;
  }
  rule(x1: number, x2: number, y: number, thickness = 0.6, color: Color = BLACK): void {
    this.page.drawLine({ start: { x: x1, y }, end: { x: x2, y }, thickness, color });
  }
}

const widths = new WeakMap<PDFFont, Map<string, number>>();
/** Width in points, cached per string: every pdf-lib measurement re-shapes the text. */
function widthOf(text: string, font: PDFFont, size: number): number {
  const cache = widths.get(font) ?? new Map<string, number>();
  widths.set(font, cache);
  const unit = cache.get(text) ?? font.widthOfTextAtSize(text, 1);
  cache.set(text, unit);
  return unit * size;
}

/** Greedy word wrap keeping explicit '\n'; the first line is `indent` shorter; an over-long word is cut. */
function wrap(text: string, font: PDFFont, size: number, maxWidth: number, indent = 0): string[] {
  const lines: string[] = [];
  const space = widthOf(' ', font, size);
  const limit = () => maxWidth - (lines.length === 0 ? indent : 0);
  for (const part of text.split('\n')) {
    let [line, lineW] = ['', 0];
    for (const word of part.split(/ +/).filter(Boolean)) {
      const wordW = widthOf(word, font, size);
      if (line && lineW + space + wordW <= limit()) {
        [line, lineW] = [`${line} ${word}`, lineW + space + wordW];
        continue;
      }
      if (line) lines.push(line);
      [line, lineW] = [word, wordW];
      while (lineW > limit() && line.length > 1) {
        let cut = line.length - 1;
        while (cut > 1 && font.widthOfTextAtSize(line.slice(0, cut), size) > limit()) cut--;
        lines.push(line.slice(0, cut));
        line = line.slice(cut);
        lineW = widthOf(line, font, size);
      }
    }
    lines.push(line);
  }
  return lines;
}

/** The largest size ≤ `size` (down to `min`) at which `text` fits on one line of `width`. */
function fit(text: string, font: PDFFont, size: number, width: number, min: number): number {
  let s = size;
  while (s > min && widthOf(text, font, s) > width) s -= 0.5;
  return s;
}

const NATION = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
const MOTTO = 'Độc lập - Tự do - Hạnh phúc';

function drawHeader(w: Writer, input: IssuedPdfInput): void {
  const { regular, bold, italic } = w.f;
  const [size, lh] = [12, 15];
  // The right column is as wide as the Quốc hiệu needs; the issuing body takes the rest.
  const rightW = Math.min(Math.max(widthOf(NATION, bold, size), widthOf(MOTTO, bold, size + 1)) + 16, WIDTH * 0.6);
  const leftW = WIDTH - rightW;
  const leftC = LEFT + leftW / 2;
  const rightC = LEFT + leftW + rightW / 2;
  // Left: cơ quan chủ quản (upright) and issuing body (bold), shrunk a little before wrapping.
  let yl = w.y - size;
  const column = (text: string, font: PDFFont) => {
    const fitted = fit(text, font, size, leftW, 10.5);
    let widest = 0;
    for (const line of wrap(text, font, fitted, leftW)) {
      widest = Math.max(widest, w.centered(line, leftC, yl, font, fitted));
      yl -= lh;
    }
    return widest;
  };
  if (input.parentBody) column(clean(input.parentBody).toUpperCase(), regular);
  const bodyW = column(clean(input.issuingBody).toUpperCase(), bold);
  w.rule(leftC - bodyW / 6, leftC + bodyW / 6, yl + lh - 6);
  yl -= 10;
  // Right: Quốc hiệu and Tiêu ngữ, the latter underlined to its own width.
  let yr = w.y - size;
  w.centered(NATION, rightC, yr, bold, fit(NATION, bold, size, rightW, 9));
  yr -= lh + 1;
  const mottoW = w.centered(MOTTO, rightC, yr, bold, fit(MOTTO, bold, size + 1, rightW, 9));
  w.rule(rightC - mottoW / 2, rightC + mottoW / 2, yr - 6);
  yr -= lh + 10;
  // "Số: …" (left) and the place-and-date line (right, italic) share one baseline.
  const y = Math.min(yl, yr);
  const number = `Số: ${clean(input.numberSymbol)}`;
  w.centered(number, leftC, y, regular, fit(number, regular, size + 1, leftW, 8));
  const dateLine = clean(placeDateLine(input.place, input.date));
  const dateSize = fit(dateLine, italic, size + 1, rightW, 10.5);
  let yd = y;
  for (const line of wrap(dateLine, italic, dateSize, rightW)) {
    w.centered(line, rightC, yd, italic, dateSize);
    yd -= lh;
  }
  w.y = Math.min(y - 2 * lh, yd - lh);
  // Document type and trích yếu, centred, with a short rule under the summary.
  w.centered(clean(input.docTypeLabel).toUpperCase(), CENTER, w.y - 14, bold, 14);
  w.y -= 14 + 8;
  let sumW = 0;
  for (const line of wrap(clean(input.summary), bold, 13, WIDTH * 0.8)) {
    sumW = Math.max(sumW, w.centered(line, CENTER, w.y - 13, bold, 13));
    w.y -= 17;
  }
  w.rule(CENTER - sumW / 4, CENTER + sumW / 4, w.y - 2);
  w.y -= 22;
}

const [BODY_SIZE, BODY_LH, INDENT] = [12, 17, 10 * MM];

/** Paragraphs justified to the text width, first line indented, across as many pages as needed. */
function drawBody(w: Writer, body: string): void {
  const font = w.f.regular;
  for (const raw of clean(body).split('\n')) {
    const para = raw.replace(/ +/g, ' ').trim();
    if (!para) w.y -= BODY_LH / 2;
    const lines = para ? wrap(para, font, BODY_SIZE, WIDTH, INDENT) : [];
    lines.forEach((line, i) => {
      w.ensure(BODY_LH);
      const indent = i === 0 ? INDENT : 0;
      if (i === lines.length - 1) w.text(line, LEFT + indent, w.y - BODY_SIZE, font, BODY_SIZE);
      else justify(w, line, LEFT + indent, WIDTH - indent, w.y - BODY_SIZE, font);
      w.y -= BODY_LH;
    });
    if (para) w.y -= 4;
  }
}

/** Draws word by word: Tw word spacing does not apply to the 2-byte codes of an embedded font. */
function justify(w: Writer, line: string, x: number, width: number, y: number, font: PDFFont): void {
  const words = line.split(' ');
  const used = words.reduce((n, word) => n + widthOf(word, font, BODY_SIZE), 0);
  const stretched = words.length > 1 ? (width - used) / (words.length - 1) : 0;
  // A line of very few words would stretch ugly gaps: leave it ragged.
  const gap = stretched > BODY_SIZE * 1.2 ? widthOf(' ', font, BODY_SIZE) : stretched;
  let cx = x;
  for (const word of words) {
    w.text(word, cx, y, font, BODY_SIZE);
    cx += widthOf(word, font, BODY_SIZE) + gap;
  }
}

/** "Nơi nhận:" bottom-left and the signer block on the right, kept together on one page. */
function drawClosing(w: Writer, input: IssuedPdfInput): void {
  const { regular, bold, italic } = w.f;
  const [leftW, rightC, rightW] = [WIDTH * 0.45, LEFT + WIDTH * 0.72, WIDTH * 0.5];
  const signer = input.signers.findLast((s) => s.role === 'sign') ?? input.signers.at(-1);
  const position = signer ? wrap(clean(signer.position).toUpperCase(), bold, 12, rightW) : [];
  const recipients = [...input.recipients.map((r) => `- ${clean(r)};`), '- Lưu: VT.'];
  const recipientLines = recipients.flatMap((r) => wrap(r, regular, 10.5, leftW));
  w.y -= 10;
  w.ensure(Math.min(Math.max(16 + recipientLines.length * 13, position.length * 15 + 80), TOP - BOTTOM));
  let yr = w.y - 12;
  for (const line of position) {
    w.centered(line, rightC, yr, bold, 12);
    yr -= 15;
  }
  if (signer) {
    w.centered('(Đã ký số)', rightC, yr, italic, 11);
    w.centered(clean(signer.name), rightC, yr - 50, bold, 12);
    yr -= 65;
  }
  w.text('Nơi nhận:', LEFT, w.y - 12, bold, 11.5);
  w.y -= 16;
  for (const line of recipientLines) {
    w.ensure(13);
    w.text(line, LEFT, w.y - 10.5, regular, 10.5);
    w.y -= 13;
  }
  w.y = Math.min(w.y, yr) - 10;
}

const [SMALL, SMALL_LH] = [9.5, 12.5];
/** The digital-signature appendix: every step of review and signing, the files and their hashes. */
function drawVerification(w: Writer, input: IssuedPdfInput): void {
  const { regular, bold } = w.f;
  const para = (s: string, font = regular, indent = 0, color = BLACK) => {
    for (const line of wrap(clean(s), font, SMALL, WIDTH - indent)) {
      w.ensure(SMALL_LH);
      w.text(line, LEFT + indent, w.y - SMALL, font, SMALL, color);
      w.y -= SMALL_LH;
    }
  };
  const heading = (s: string) => {
    w.ensure(16 + 3 * SMALL_LH);
    w.text(s, LEFT, w.y - 12, bold, 12);
    w.y -= 20;
  };
  w.ensure(40 + 4 * SMALL_LH);
  w.rule(LEFT, RIGHT, w.y - 4, 0.4);
  w.y -= 14;
  heading('Chữ ký số và phê duyệt');
  input.signers.forEach((s, i) => {
    w.ensure(5 * SMALL_LH);
    para(`${i + 1}. ${s.name} — ${s.position.replace(/\s*\n\s*/g, ', ')}`, bold);
    para(`Vai trò: ${s.role === 'sign' ? 'Ký ban hành' : 'Duyệt'} · Trạng thái: ${s.status}`, regular, 12);
    const received = s.receivedAt === null ? 'chưa ghi nhận' : vnTime(s.receivedAt);
    para(`Ký lúc (giờ Việt Nam): ${vnTime(s.at)} · Máy chủ nhận lúc: ${received}`, regular, 12);
    para(`Dấu vân tay khóa: ${s.keyFingerprint}`, regular, 12, GREY);
    w.y -= 4;
  });
  if (input.files.length) {
    w.y -= 6;
    heading('Tệp đính kèm (SHA-256)');
    input.files.forEach((f, i) => {
      w.ensure(3 * SMALL_LH);
      para(`${i + 1}. ${f.name} (${formatSize(f.size)})`, bold);
      para(f.sha256, regular, 12, GREY);
      w.y -= 3;
    });
  }
  w.y -= 6;
  w.ensure(3 * SMALL_LH);
  para(`Mã xác thực: ${input.verificationCode}`, bold);
  para(input.verifyHint);
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const [value, unit] = bytes < 1024 * 1024 ? [bytes / 1024, 'KB'] : [bytes / 1024 / 1024, 'MB'];
  return `${value.toFixed(1).replace('.', ',')} ${unit}`;
}

/** "Mã xác thực: …" and "Trang i/n" at the foot of every page. */
function drawFooters(w: Writer, code: string): void {
  const pages = w.doc.getPages();
  pages.forEach((page, i) => {
    w.page = page;
    w.rule(LEFT, RIGHT, FOOTER_Y + 14, 0.4, GREY);
    w.text(`Mã xác thực: ${clean(code)}`, LEFT, FOOTER_Y, w.f.bold, 10.5);
    const label = `Trang ${i + 1}/${pages.length}`;
    w.text(label, RIGHT - widthOf(label, w.f.regular, 10), FOOTER_Y, w.f.regular, 10);
  });
}
