import { describe, expect, it } from 'vitest';
import { csvField, encodeCsv, fileSlug } from './csv.ts';

/** The bytes a Blob of the text holds (Blob writes strings as UTF-8). */
async function bytesOf(text: string): Promise<Uint8Array> {
  return new Uint8Array(await new Blob([text]).arrayBuffer());
}

/** A small RFC 4180 reader, to show that what is written reads back as it was. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 1;
    } else field += c;
  }
  return rows;
}

describe('CSV for Excel', () => {
  it('starts with the UTF-8 byte-order mark, so Excel reads Vietnamese as Vietnamese', async () => {
    const bytes = await bytesOf(encodeCsv([['Phường Bến Thành']]));
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    // "ư" is two bytes in UTF-8 (c6 b0), not one in a code page.
    expect([...bytes.slice(3, 8)]).toEqual([0x50, 0x68, 0xc6, 0xb0, 0xe1]);
  });

  it('ends every record, the last too, with CRLF', () => {
    expect(
      encodeCsv([
        ['a', 'b'],
        ['c', 'd'],
      ]),
    ).toBe('\uFEFFa,b\r\nc,d\r\n');
    expect(encodeCsv([])).toBe('\uFEFF');
  });

  it('quotes a field holding the separator, a quote, CR or LF, doubling its quotes', () => {
    expect(csvField('Xã Bình Chánh, huyện cũ')).toBe('"Xã Bình Chánh, huyện cũ"');
    expect(csvField('Ông nói "xong rồi"')).toBe('"Ông nói ""xong rồi"""');
    expect(csvField('dòng một\ndòng hai')).toBe('"dòng một\ndòng hai"');
    expect(csvField('dòng một\r\ndòng hai')).toBe('"dòng một\r\ndòng hai"');
    expect(csvField('không cần')).toBe('không cần');
    expect(csvField('a;b', ';')).toBe('"a;b"');
    expect(csvField('a,b', ';')).toBe('a,b');
  });

  it('keeps a text cell from running as a formula: = + - @ tab CR get an apostrophe', () => {
    expect(csvField('=HYPERLINK("http://x","bấm")')).toBe('"\'=HYPERLINK(""http://x"",""bấm"")"');
    expect(csvField('+84 28 3829 6052')).toBe("'+84 28 3829 6052");
    expect(csvField('-1+1')).toBe("'-1+1");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\t=1')).toBe("'\t=1");
    expect(csvField('\r=1')).toBe('"\'\r=1"');
    // Not at the start, and numbers, are left alone.
    expect(csvField('Tổ 5 = khu phố 3')).toBe('Tổ 5 = khu phố 3');
    expect(csvField(-5)).toBe('-5');
  });

  it('writes numbers as numbers and nothing for null, undefined or a non-number', () => {
    expect(csvField(50)).toBe('50');
    expect(csvField(12.5)).toBe('12.5');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
    expect(csvField(Number.NaN)).toBe('');
    expect(encodeCsv([['a', null, 3]])).toBe('\uFEFFa,,3\r\n');
  });

  it('reads back with every diacritic, comma, quote and line break as it was', async () => {
    const rows = [
      ['Nơi nhận', 'Ghi chú', 'Tiến độ (%)'],
      ['Phường Bến Thành', 'Đã ra quân 12/20 khu phố, "phun thuốc" 3 điểm', '50'],
      ['Đặc khu Côn Đảo', 'dòng 1\r\ndòng 2', ''],
      ['Xã Thạnh An', 'ỹ ữ ằ ặ ẫ ọ ơ ư đ Đ', '0'],
    ];
    const bytes = await bytesOf(encodeCsv(rows));
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(parseCsv(text.slice(1))).toEqual(rows);
    // Decomposed input stays decomposed: the file holds exactly what it was given.
    const decomposed = 'Phường'.normalize('NFD');
    expect(parseCsv(encodeCsv([[decomposed]]).slice(1))).toEqual([[decomposed]]);
  });

  it('makes a short plain file-name part of a Vietnamese title', () => {
    expect(fileSlug('Triển khai cao điểm phòng chống dịch sốt xuất huyết')).toBe(
      'trien-khai-cao-diem-phong-chong-dich-sot',
    );
    expect(fileSlug('Đường Điện Biên Phủ: “rà soát” 2026!')).toBe('duong-dien-bien-phu-ra-soat-2026');
    expect(fileSlug('Báo cáo', 40)).toBe('bao-cao');
    expect(fileSlug('abcdefghijklmnop', 10)).toBe('abcdefghij');
    expect(fileSlug('!!!')).toBe('');
  });
});
