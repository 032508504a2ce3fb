import { cityUnits } from '@thongsuot/shared/org/city-structure';
import { describe, expect, it } from 'vitest';
import { trackingCsvRows, trackingFileName } from './tracking-csv.ts';
import {
  defaultGrouping,
  filterRows,
  groupRows,
  PASSES,
  type SortOrder,
  STATUS_ORDER,
  sortRows,
  statusRank,
  unitGroupOf,
  type ViewRow,
} from './tracking-view.ts';

function row(id: string, name: string, over: Partial<ViewRow> = {}): ViewRow {
  return {
    id,
    name,
    unitGroup: 'ward',
    status: 'received',
    deadline: '2026-11-30',
    read: null,
    delivered: null,
    percent: null,
    late: false,
    reportedLate: false,
    asking: false,
    urgedAt: null,
    ...over,
  };
}

const names = (rows: readonly ViewRow[]) => rows.map((r) => r.name);
const sorted = (rows: readonly ViewRow[], key: SortOrder['key'], descending = false) =>
  names(sortRows(rows, { key, descending }));

describe('grouping the recipients the way the city is organised', () => {
  it('puts each of the 184 units that take directives in its group, and a person apart', () => {
    const counts = new Map<string, number>();
    for (const unit of cityUnits()) {
      const group = unitGroupOf('unit', unit.kind);
      counts.set(group, (counts.get(group) ?? 0) + 1);
    }
    expect(counts.get('ward')).toBe(113);
    expect(counts.get('commune')).toBe(54);
    expect(counts.get('special_zone')).toBe(1);
    expect(counts.get('department')).toBe(16);
    // The City People's Committee and its Office; the issuers above the city are "other".
    expect(counts.get('city')).toBe(2);
    expect(counts.get('other')).toBe(3);
    expect(unitGroupOf('person', undefined)).toBe('person');
    expect(unitGroupOf('unit', undefined)).toBe('other');
  });

  it('turns 184 rows into a few headers with their counts and late counts, in the city’s order', () => {
    const rows = cityUnits()
      .filter((u) => u.kind !== 'external' && u.kind !== 'city' && u.kind !== 'office')
      .map((u, i) => row(u.id, u.name, { unitGroup: unitGroupOf('unit', u.kind), late: i % 10 === 0 }));
    expect(rows).toHaveLength(184);
    const groups = groupRows(sortRows(rows, { key: 'name', descending: false }), 'unit');
    expect(groups.map((g) => [g.key, g.rows.length])).toEqual([
      ['ward', 113],
      ['commune', 54],
      ['special_zone', 1],
      ['department', 16],
    ]);
    expect(groups.reduce((n, g) => n + g.late, 0)).toBe(rows.filter((r) => r.late).length);
    expect(groups[0]?.id).toBe('unit:ward');
    expect(defaultGrouping(rows)).toBe('unit');
    expect(defaultGrouping(rows.filter((r) => r.unitGroup === 'ward'))).toBe('none');
  });

  it('groups by status least advanced first, an unknown status before all, keeping the sort inside', () => {
    const rows = sortRows(
      [
        row('a', 'Phường Bến Thành', { status: 'completed' }),
        row('b', 'Phường An Đông', { status: 'read' }),
        row('c', 'Phường Sài Gòn', { status: 'sent' }),
        row('d', 'Phường Chợ Lớn', { status: 'read' }),
        row('e', 'Phường Tân Định', { status: 'archived_someday' }),
        row('f', 'Xã Cần Giờ', { status: 'received' }),
      ],
      { key: 'name', descending: false },
    );
    const groups = groupRows(rows, 'status');
    expect(groups.map((g) => g.key)).toEqual(['archived_someday', 'sent', 'received', 'read', 'completed']);
    expect(names(groups[3]?.rows ?? [])).toEqual(['Phường An Đông', 'Phường Chợ Lớn']);
    expect(groupRows(rows, 'none')).toEqual([{ id: 'none:all', key: 'all', rows, late: 0 }]);
  });
});

describe('sorting', () => {
  it('sorts names in Vietnamese order (Đ after D, Â after A, numbers as numbers), both ways', () => {
    const rows = [
      row('1', 'Phường Xuân Hòa'),
      row('2', 'Phường Đa Kao'),
      row('3', 'Phường Dĩ An'),
      row('4', 'Phường Ân Phú'),
      row('5', 'Phường An Khánh'),
      row('6', 'Phường 10'),
      row('7', 'Phường 2'),
      row('8', 'Phường Ông Lãnh'),
      row('9', 'Phường Ơn Lành'),
    ];
    const expected = [
      'Phường 2',
      'Phường 10',
      'Phường An Khánh',
      'Phường Ân Phú',
      'Phường Dĩ An',
      'Phường Đa Kao',
      'Phường Ông Lãnh',
      'Phường Ơn Lành',
      'Phường Xuân Hòa',
    ];
    expect(sorted(rows, 'name')).toEqual(expected);
    expect(sorted(rows, 'name', true)).toEqual([...expected].reverse());
    // Plain code-point order would put "Đ" after "X": the collator is doing the work.
    expect([...expected].sort()).not.toEqual(expected);
  });

  it('sorts by status from the one list, least advanced first, unknown first, ties by name', () => {
    expect(STATUS_ORDER[0]).toBe('sent');
    expect(statusRank('received')).toBeLessThan(statusRank('read'));
    expect(statusRank('something_new')).toBe(-1);
    const rows = [
      row('a', 'B', { status: 'reported' }),
      row('b', 'A', { status: 'reported' }),
      row('c', 'C', { status: 'read' }),
      row('d', 'D', { status: 'sent' }),
      row('e', 'E', { status: 'something_new' }),
      row('f', 'F', { status: 'in_progress' }),
    ];
    expect(sorted(rows, 'status')).toEqual(['E', 'D', 'C', 'F', 'A', 'B']);
    // Reversed, the ties stay A to Z.
    expect(sorted(rows, 'status', true)).toEqual(['A', 'B', 'F', 'C', 'D', 'E']);
  });

  it('sorts by the latest percent, lowest first and no report before 0%', () => {
    const rows = [
      row('a', 'A', { percent: 50 }),
      row('b', 'B', { percent: 0 }),
      row('c', 'C'),
      row('d', 'D', { percent: 100 }),
    ];
    expect(sorted(rows, 'percent')).toEqual(['C', 'B', 'A', 'D']);
    expect(sorted(rows, 'percent', true)).toEqual(['D', 'A', 'B', 'C']);
  });

  it('sorts by deadline with the late first, the longest overdue first', () => {
    const rows = [
      row('a', 'A', { deadline: '2026-12-10' }),
      row('b', 'B', { deadline: '2026-11-20', late: true }),
      row('c', 'C', { deadline: '2026-11-25', late: true }),
      row('d', 'D', { deadline: '2026-12-01' }),
      row('e', 'E', { deadline: '2026-11-01' }),
    ];
    expect(sorted(rows, 'deadline')).toEqual(['B', 'C', 'E', 'D', 'A']);
  });

  it('sorts by first-read time (the relay’s when it has one), not read first', () => {
    const at = (device: number, relay: number | null) => ({ by: 'clerk', at: { device, relay } });
    const rows = [
      row('a', 'A', { read: at(300, null) }),
      row('b', 'B', { read: at(100, 400) }),
      row('c', 'C'),
      row('d', 'D', { read: at(200, 200) }),
    ];
    expect(sorted(rows, 'read')).toEqual(['C', 'D', 'A', 'B']);
  });
});

describe('filters and search', () => {
  it('counts not-yet-read as anything before "read", the new "sent" included', () => {
    expect(PASSES.unread(row('a', 'A', { status: 'sent' }))).toBe(true);
    expect(PASSES.unread(row('a', 'A', { status: 'received' }))).toBe(true);
    expect(PASSES.unread(row('a', 'A', { status: 'read' }))).toBe(false);
    expect(PASSES.unread(row('a', 'A', { status: 'completed' }))).toBe(false);
  });

  it('finds a unit typed without accents, within the filter', () => {
    const rows = [
      row('a', 'Phường Sài Gòn', { late: true }),
      row('b', 'Phường Bến Thành'),
      row('c', 'Xã Đông Thạnh', { late: true }),
    ];
    expect(names(filterRows(rows, 'all', 'sai gon'))).toEqual(['Phường Sài Gòn']);
    expect(names(filterRows(rows, 'late', 'dong'))).toEqual(['Xã Đông Thạnh']);
    expect(names(filterRows(rows, 'late', ''))).toEqual(['Phường Sài Gòn', 'Xã Đông Thạnh']);
    expect(filterRows(rows, 'extension', '')).toEqual([]);
  });
});

describe('the tracking as a CSV file', () => {
  const words: Record<string, string> = {
    'tracking.csv.yes': 'Có',
    'tracking.unitGroups.ward': 'Phường',
    'tracking.unitGroups.special_zone': 'Đặc khu',
  };
  const text = {
    t: (key: string) => words[key] ?? key,
    status: (s: string) => (s === 'read' ? 'Đã xem' : s),
    person: (id: string) => (id === 'lan' ? 'Huỳnh Thị Ngọc Lan' : id),
  };

  it('writes a header and every row in the order given, times as "HH:mm, dd/MM/yyyy"', () => {
    // 09:05 on 12 March 2026 in the device's zone.
    const readAt = new Date(2026, 2, 12, 9, 5).getTime();
    const urgedAt = new Date(2026, 2, 14, 16, 30).getTime();
    const rows = trackingCsvRows(
      [
        row('bt', 'Phường Bến Thành', {
          status: 'read',
          read: { by: 'lan', at: { device: readAt - 60_000, relay: readAt } },
          percent: 50,
          asking: true,
          urgedAt,
          late: true,
        }),
        row('cd', 'Đặc khu Côn Đảo', { unitGroup: 'special_zone', deadline: '2026-04-01' }),
      ],
      text,
    );
    expect(rows[0]).toEqual([
      'tracking.csv.name',
      'tracking.csv.group',
      'tracking.csv.status',
      'tracking.csv.readBy',
      'tracking.csv.readAt',
      'tracking.csv.percent',
      'tracking.csv.deadline',
      'tracking.csv.late',
      'tracking.csv.reportedLate',
      'tracking.csv.asking',
      'tracking.csv.urgedAt',
    ]);
    expect(rows[1]).toEqual([
      'Phường Bến Thành',
      'Phường',
      'Đã xem',
      'Huỳnh Thị Ngọc Lan',
      '09:05, 12/03/2026',
      50,
      '30/11/2026',
      'Có',
      '',
      'Có',
      '16:30, 14/03/2026',
    ]);
    expect(rows[2]).toEqual(['Đặc khu Côn Đảo', 'Đặc khu', 'received', '', '', null, '01/04/2026', '', '', '', '']);
  });

  it('names the file after the task and the day: theo-doi-<title>-<yyyy-mm-dd>.csv', () => {
    expect(trackingFileName('Triển khai cao điểm phòng chống dịch sốt xuất huyết', new Date(2026, 2, 5))).toBe(
      'theo-doi-trien-khai-cao-diem-phong-chong-dich-sot-2026-03-05.csv',
    );
    expect(trackingFileName('!!!', new Date(2026, 11, 31))).toBe('theo-doi-nhiem-vu-2026-12-31.csv');
  });
});
