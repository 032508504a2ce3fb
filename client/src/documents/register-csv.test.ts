import { describe, expect, it } from 'vitest';
import { encodeCsv } from '../export/csv.ts';
import type { DossierRow } from './dossier-row.ts';
import { outgoingRegisterCsvRows, registerCsvRows, registerFileName } from './register-csv.ts';

const DAY = 86_400_000;
/** 2026-11-30 10:00 in Vietnam. */
const T = Date.parse('2026-11-30T10:00:00+07:00');

function row(
  id: string,
  number: number | null,
  registeredAt: number | null,
  extra: Partial<DossierRow> = {},
): DossierRow {
  return {
    docId: `dossier/${id}`,
    kind: 'incoming',
    unitId: 'phuong-ben-thanh',
    issuingBody: 'Ủy ban nhân dân Thành phố',
    numberSymbol: `${id}/UBND-VX`,
    date: '2026-11-28',
    docType: 'cong_van',
    urgency: 'thuong',
    confidentiality: 'thuong',
    summary: `Trích yếu ${id}`,
    number,
    year: number === null ? null : 2026,
    duplicateOf: null,
    handling: 'pending',
    taskId: null,
    registeredAt,
    lead: null,
    createdAt: (registeredAt ?? T) - 60_000,
    createdBy: 'u-benthanh-cv',
    files: 0,
    status: null,
    awaiting: [],
    dueDate: null,
    recipients: [],
    origin: null,
    signedBy: null,
    ...extra,
  };
}

const TEXT = {
  headings: ['Số đến', 'Ngày đến', 'Tác giả', 'Số, ký hiệu', 'Ngày văn bản', 'Trích yếu', 'Chủ trì', 'Ghi chú'],
  docType: () => 'Công văn',
  handling: (r: DossierRow) => (r.handling === 'pending' ? 'Chờ xử lý' : 'Đã giao việc'),
  lead: (r: DossierRow) => (r.lead ? 'Bùi Văn Hùng' : ''),
  awaitingNumber: 'Chờ cấp số',
  date: (iso: string) => iso.split('-').reverse().join('/'),
  time: (at: number) => new Date(at).toISOString(),
};

describe('the incoming register as CSV', () => {
  it('lists the range’s documents in register order, those awaiting their number last, in Vietnamese', () => {
    const rows = [
      row('c', 3, T),
      row('a', 1, T - DAY),
      row('w', null, null),
      row('b', 2, T - DAY, { handling: 'instructed', lead: 'person:u-benthanh-cv' }),
      row('old', 9, T - 40 * DAY),
    ];
    const csv = registerCsvRows(rows, '2026-11-29', '2026-11-30', TEXT);
    expect(csv.map((r) => r[0])).toEqual(['Số đến', '1/2026', '2/2026', '3/2026', 'Chờ cấp số']);
    expect(csv[2]).toEqual([
      '2/2026',
      new Date(T - DAY).toISOString(),
      'Ủy ban nhân dân Thành phố',
      'b/UBND-VX',
      '28/11/2026',
      'Công văn: Trích yếu b',
      'Bùi Văn Hùng',
      'Đã giao việc',
    ]);
    expect(encodeCsv(csv).startsWith('\uFEFFSố đến,Ngày đến')).toBe(true);
  });

  it('counts days in Vietnam time: a document numbered at 23:30 on the 30th (16:30 UTC) is the 30th’s', () => {
    const late = Date.parse('2026-11-30T23:30:00+07:00');
    expect(registerCsvRows([row('n', 4, late)], '2026-11-30', '2026-11-30', TEXT)).toHaveLength(2);
    expect(registerCsvRows([row('n', 4, late)], '2026-12-01', '2026-12-01', TEXT)).toHaveLength(1);
  });
});

describe('the outgoing register as CSV', () => {
  const OUT = {
    headings: [
      'Số, ký hiệu văn bản',
      'Ngày tháng văn bản',
      'Tên loại và trích yếu nội dung',
      'Người ký',
      'Nơi nhận văn bản',
      'Ghi chú',
    ],
    docType: () => 'Công văn',
    person: (id: string | null) => (id === 'u-benthanh' ? 'Huỳnh Thị Ngọc Lan' : ''),
    unit: (id: string) => (id === 'phuong-sai-gon' ? 'Phường Sài Gòn' : id),
    date: (iso: string) => iso.split('-').reverse().join('/'),
  };
  const out = (id: string, number: number | null, at: number | null) =>
    row(id, number, at, {
      kind: 'outgoing',
      numberSymbol: 'UBND-VHXH',
      signedBy: 'u-benthanh',
      recipients: ['phuong-sai-gon', 'xa-can-gio'],
      status: number === null ? 'awaiting_issue' : 'issued',
    });

  it('lists only issued documents of the range, by their outgoing number, with who signed and where they went', () => {
    const rows = [
      out('b', 2, T),
      out('a', 1, T - DAY),
      out('draft', null, null),
      row('in', 1, T),
      out('old', 7, T - 40 * DAY),
    ];
    const csv = outgoingRegisterCsvRows(rows, '2026-11-29', '2026-11-30', OUT);
    expect(csv.map((r) => r[0])).toEqual(['Số, ký hiệu văn bản', '1/UBND-VHXH', '2/UBND-VHXH']);
    expect(csv[2]).toEqual([
      '2/UBND-VHXH',
      '30/11/2026',
      'Công văn: Trích yếu b',
      'Huỳnh Thị Ngọc Lan',
      'Phường Sài Gòn; xa-can-gio',
      '',
    ]);
    expect(registerFileName('2026-11-29', '2026-11-30', 'outgoing')).toBe(
      'so-van-ban-di-2026-11-29-den-2026-11-30.csv',
    );
  });
});
