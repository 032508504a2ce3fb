import type { AssignmentRow } from '@thongsuot/shared/dashboard/assignment-row';
import { dashDocOf, listKey, readDashboard, type Section, storeLists } from '@thongsuot/shared/dashboard/dash-doc';
import { BUCKETS, type Bucket } from '@thongsuot/shared/dashboard/measures';
import { type ReportLookup, sectionReport } from '@thongsuot/shared/dashboard/scope-report';
import { vietnamDate } from '@thongsuot/shared/model/receipts';
import { createTask, readTask } from '@thongsuot/shared/model/task';
import Dexie from 'dexie';
import i18next from 'i18next';
import type { ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { initReactI18next } from 'react-i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { Router } from 'wouter';
import * as Y from 'yjs';
import { encodeCsv } from '../export/csv.ts';
import { en } from '../i18n/en.ts';
import { vi } from '../i18n/vi.ts';
import { DocRepository } from '../store/doc-repository.ts';
import { LocalDb } from '../store/local-db.ts';
import { DashboardView, type DashboardViewProps } from './DashboardView.tsx';
import { dashCsvRows } from './dash-csv.ts';
import { stampOf } from './dash-format.ts';
import { addDashMessages } from './dash-messages.ts';
import { assignmentsIn, drillHref, parseDrill, taskInfoOf } from './dash-view.ts';

const DAY = 86_400_000;
/** 2026-12-01 10:00 in Vietnam. */
const T = Date.parse('2026-12-01T03:00:00Z');
const day = (offset: number) => vietnamDate(T + offset * DAY);

const UNITS: Record<string, { name: string; kind: 'ward' | 'commune' | 'department' }> = {
  'phuong-ben-thanh': { name: 'Phường Bến Thành', kind: 'ward' },
  'xa-binh-chanh': { name: 'Xã Bình Chánh', kind: 'commune' },
  'so-tai-chinh': { name: 'Sở Tài chính', kind: 'department' },
};
const UNIT_IDS = Object.keys(UNITS);

/** An assignment meant to land in `bucket` at T (the figures are recounted from these intents). */
function row(i: number, unitId: string, bucket: Bucket): AssignmentRow {
  const done = bucket === 'on_time' || bucket === 'late';
  const deadline =
    bucket === 'on_time'
      ? day(-3)
      : bucket === 'late'
        ? day(-4)
        : bucket === 'open'
          ? day(5)
          : day(-([3, 10, 40][i % 3] ?? 3));
  return {
    taskId: `t${i}`,
    recipientId: unitId,
    recipientKind: 'unit',
    issuerId: i % 2 ? 'u-chutich' : 'u-phochutich',
    issuerUnitId: 'ubnd-tp',
    sourceLevel: i % 2 ? 'city_people_committee' : 'government_office',
    parentTaskId: null,
    monitorUnits: [],
    status: done ? 'completed' : 'in_progress',
    addedAt: T - 20 * DAY,
    readAt: T - 19 * DAY,
    reportedAt: bucket === 'on_time' ? T - 6 * DAY : null,
    completedAt: bucket === 'on_time' ? T - 5 * DAY : bucket === 'late' ? T - DAY : null,
    deadline,
    effectiveDeadline: deadline,
    extendedAt: null,
    extensionPending: i % 5 === 0,
    percent: null,
  };
}

/** Each unit gets a different, known number of assignments in each bucket. */
const intent = new Map<string, Record<Bucket, number>>([
  ['phuong-ben-thanh', { on_time: 4, late: 1, open: 2, overdue: 5 }],
  ['xa-binh-chanh', { on_time: 2, late: 3, open: 0, overdue: 1 }],
  ['so-tai-chinh', { on_time: 0, late: 0, open: 6, overdue: 0 }],
]);
const rows: AssignmentRow[] = [];
for (const [unitId, counts] of intent) {
  for (const bucket of BUCKETS) for (let k = 0; k < counts[bucket]; k++) rows.push(row(rows.length, unitId, bucket));
}
const expected = (bucket: Bucket) => [...intent.values()].reduce((n, c) => n + c[bucket], 0);

const lookup: ReportLookup = {
  unitOfRecipient: (r) => r.recipientId,
  unit: (id) => UNITS[id],
  personName: (id) => ({ 'u-chutich': 'Nguyễn Văn An', 'u-phochutich': 'Trần Thị Bình' })[id],
  taskTitle: (id) => `Chỉ đạo ${id}`,
};

/** A dashboard doc as the relay would write it for `ubnd-tp`: handed = all rows, received = none. */
function dashDoc(sections: Partial<Record<Section, AssignmentRow[]>>): Y.Doc {
  const entries = new Map<string, unknown>();
  for (const [section, sectionRows] of Object.entries(sections) as [Section, AssignmentRow[]][]) {
    const { report, lists } = sectionReport(sectionRows, lookup, T);
    entries.set(section, report);
    for (const [unitId, list] of lists) entries.set(listKey(section, unitId), storeLists(unitId, list));
  }
  return dashDocOf('ubnd-tp', entries, T);
}

function render(element: ReactElement): string {
  return renderToStaticMarkup(<Router ssrPath="/dashboard">{element}</Router>);
}

function view(props: Partial<DashboardViewProps>): string {
  return render(
    <DashboardView
      loading={false}
      dash={null}
      drill={{ section: null, bucket: null, unitId: null }}
      unitName="UBND Thành phố"
      now={T}
      online={true}
      tasks={new Map()}
      names={new Map()}
      {...props}
    />,
  );
}

/** The count shown on a tile, read back from the markup. */
function tileCount(html: string, bucket: Bucket): number {
  const m = html.match(new RegExp(`data-testid="tile-${bucket}"[^>]*>.*?class="fig-tile-count">([^<]*)<`));
  if (!m?.[1]) throw new Error(`no tile ${bucket}`);
  return Number(m[1].replace(/\./g, ''));
}

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

beforeAll(async () => {
  await i18next.use(initReactI18next).init({
    resources: { vi: { translation: vi }, en: { translation: en } },
    lng: 'vi',
    fallbackLng: 'vi',
    interpolation: { escapeValue: false },
  });
  addDashMessages();
});

describe('dashboard stamp', () => {
  it('is written in Vietnam time, with the date when it is not today', () => {
    const at = Date.parse('2026-12-01T01:05:00Z');
    expect(stampOf(at, at + 3 * 3_600_000)).toEqual({ time: '08:05', date: null });
    expect(stampOf(at, Date.parse('2026-12-02T02:00:00Z'))).toEqual({ time: '08:05', date: '01/12/2026' });
    // 17:30 UTC is already the next day in Vietnam.
    expect(stampOf(Date.parse('2026-11-30T17:30:00Z'), Date.parse('2026-12-01T00:00:00Z'))).toEqual({
      time: '00:30',
      date: null,
    });
    const dash = readDashboard(dashDocOf('ubnd-tp', new Map([['handed', null]]), at));
    expect(text(view({ dash, now: at }))).toContain('Số liệu lúc 08:05');
    expect(text(view({ dash, now: at + 2 * DAY }))).toContain('Số liệu lúc 08:05 ngày 01/12/2026');
  });
});

describe('dashboard states', () => {
  it('says the figures are not on the device yet, never that there is no work', async () => {
    const empty = readDashboard(new Y.Doc());
    expect(empty).toBeNull();
    const html = text(view({ dash: empty }));
    expect(html).toContain('Chưa có số liệu trên máy này');
    expect(html).toContain('khi có kết nối');
    expect(html.toLowerCase()).not.toContain('không có việc');
    expect(html).not.toContain('Số liệu lúc');
    expect(text(view({ loading: true }))).toContain('Đang mở số liệu');
  });

  it('once synced with the server and still without a doc, says the unit has no figures yet', () => {
    const html = text(view({ dash: null, synced: true }));
    expect(html).toContain('Đơn vị chưa có số liệu');
    expect(html).not.toContain('Chưa có số liệu trên máy này');
    // Offline (not synced), it still cannot know: the figures may be on their way.
    expect(text(view({ dash: null, synced: false }))).toContain('Chưa có số liệu trên máy này');
  });

  it('says plainly when a section is missing', () => {
    const dash = readDashboard(dashDoc({ handed: rows }));
    const html = view({ dash, drill: parseDrill('?s=received') });
    expect(html).toContain('data-testid="section-missing"');
  });
});

describe('dashboard figures and drill-down', () => {
  const dash = readDashboard(dashDoc({ handed: rows, received: rows.filter((r) => r.recipientId === 'so-tai-chinh') }));
  if (!dash) throw new Error('no dashboard');

  it('opens the handed-down section by default and shows the report’s counts on its tiles', () => {
    const html = view({ dash });
    expect(html).toMatch(
      /data-testid="section-handed"[^>]*aria-current="true"|aria-current="true"[^>]*data-testid="section-handed"/,
    );
    for (const bucket of BUCKETS) {
      expect(tileCount(html, bucket)).toBe(expected(bucket));
      expect(tileCount(html, bucket)).toBe(dash.handed?.figures.buckets[bucket]);
    }
    // on time ÷ (on time + late + overdue) = 6 / (6 + 4 + 6)
    expect(text(html)).toContain('37,5%');
    expect(html).toContain('href="/dashboard?s=handed&amp;b=overdue"');
  });

  it('lists the units of a bucket with their counts, most first', () => {
    const html = view({ dash, drill: parseDrill('?s=handed&b=late') });
    const units = [...html.matchAll(/data-unit="([^"]+)"/g)].map((m) => m[1]);
    const wanted = [...intent].filter(([, c]) => c.late > 0).sort((a, b) => b[1].late - a[1].late);
    expect(units).toEqual(wanted.map(([id]) => id));
    expect(text(html)).toContain(`Xã Bình Chánh ${intent.get('xa-binh-chanh')?.late}`);
    expect(html).toContain(`href="${drillHref('handed', 'late', 'xa-binh-chanh').replaceAll('&', '&amp;')}"`);
  });

  it('lists a unit’s assignments in a bucket as the doc does, with titles from the device or a placeholder', () => {
    const refs = assignmentsIn(dash, 'handed', 'phuong-ben-thanh', 'overdue') ?? [];
    expect(refs.map((r) => r.ref)).toEqual(dash.list('handed', 'phuong-ben-thanh')?.overdue);
    expect(refs).toHaveLength(intent.get('phuong-ben-thanh')?.overdue ?? -1);
    const known = refs[0];
    if (!known) throw new Error('no ref');
    const tasks = taskInfoOf(refs, [
      {
        docId: `task/${known.taskId}`,
        title: 'Giải phóng mặt bằng tuyến Metro số 2',
        deadline: '2026-11-20',
        recipientIds: [known.recipientId],
        deadlines: ['2026-11-25'],
      },
    ]);
    const html = view({ dash, drill: parseDrill('?s=handed&b=overdue&u=phuong-ben-thanh'), tasks });
    expect([...html.matchAll(/data-ref="([^"]+)"/g)].map((m) => m[1])).toEqual(refs.map((r) => r.ref));
    expect(html).toContain('Giải phóng mặt bằng tuyến Metro số 2');
    expect(text(html)).toContain('Hạn 25/11/2026');
    expect(html.match(/data-testid="not-here"/g)).toHaveLength(refs.length - 1);
    expect(text(html)).toContain(`Nhiệm vụ ${refs[1]?.taskId} chưa đồng bộ`);
    expect(html).toContain(`href="/tasks/${known.taskId}"`);
  });

  it('goes straight to the unit’s own list for work received', () => {
    const html = view({ dash, drill: parseDrill('?s=received&b=open') });
    const own = dash.list('received', 'so-tai-chinh')?.open ?? [];
    expect(own).toHaveLength(6);
    expect([...html.matchAll(/data-ref="([^"]+)"/g)].map((m) => m[1])).toEqual(own);
    expect(html).not.toContain('data-testid="drill-units"');
  });

  it('keeps the drill state in the query string', () => {
    expect(parseDrill(drillHref('received', 'overdue', 'so-tai-chinh').split('?')[1] ?? '')).toEqual({
      section: 'received',
      bucket: 'overdue',
      unitId: 'so-tai-chinh',
    });
    expect(parseDrill('?s=nope&b=overdue&u=x')).toEqual({ section: null, bucket: 'overdue', unitId: 'x' });
    expect(parseDrill('?s=handed&u=x')).toEqual({ section: 'handed', bucket: null, unitId: null });
  });

  it('exports the ranking as CSV with a BOM and Vietnamese headings', async () => {
    const report = dash.handed;
    if (!report) throw new Error('no report');
    const t = (key: string, options?: Record<string, unknown>) => String(i18next.t(key, options ?? {}));
    const csv = encodeCsv(dashCsvRows(report, 'ranking', t));
    const bytes = new Uint8Array(await new Blob([csv]).arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [head, first] = csv.slice(1).split('\r\n');
    expect(head).toContain('Đơn vị');
    expect(head).toContain('Quá hạn chưa hoàn thành');
    // The most overdue unit comes first, with its overdue count in the bucket's column.
    const cells = first?.split(',') ?? [];
    expect(cells[1]).toBe('Phường Bến Thành');
    expect(Number(cells[3 + BUCKETS.indexOf('overdue')])).toBe(intent.get('phuong-ben-thanh')?.overdue);
    const sources = encodeCsv(dashCsvRows(report, 'bySource', t));
    expect(sources).toContain('Văn phòng Chính phủ');
    expect(sources).toContain('UBND Thành phố');
  });
});

describe('the dashboard doc on the device', () => {
  it('opens from IndexedDB with no network, as it was synced', async () => {
    const db = new LocalDb('u-dash-test');
    const source = dashDoc({ handed: rows });
    const repository = new DocRepository(db);
    await repository.applyRemote('dash/ubnd-tp', Y.encodeStateAsUpdate(source));
    await repository.flushed();
    repository.destroy();
    const again = new DocRepository(db);
    const dash = readDashboard(await again.open('dash/ubnd-tp'));
    expect(dash?.computedAt).toBe(T);
    expect(dash?.handed?.figures.buckets).toEqual(readDashboard(source)?.handed?.figures.buckets);
    expect(dash?.list('handed', 'xa-binh-chanh')?.late).toHaveLength(intent.get('xa-binh-chanh')?.late ?? -1);
    again.destroy();
    db.close();
    await Dexie.delete(db.name);
  });
});

describe('one directive’s figures', () => {
  it('counts the task’s assignments on the device with the shared measures', async () => {
    // Its module adds its words on load, as the task page's chunk does after i18n starts.
    const { DirectiveFigures } = await import('./DirectiveFigures.tsx');
    const doc = new Y.Doc();
    const now = Date.now();
    createTask(doc, {
      id: 'd1',
      title: 'Báo cáo tiến độ giải ngân',
      issuerId: 'u-chutich',
      issuerUnitId: 'ubnd-tp',
      deadline: vietnamDate(now - 3 * DAY),
      recipients: UNIT_IDS.map((id) => ({ id, kind: 'unit' as const })),
      at: now - 10 * DAY,
    });
    const task = readTask(doc);
    if (!task) throw new Error('no task');
    const html = render(<DirectiveFigures doc={doc} task={task} />);
    expect(text(html)).toContain('Số liệu của chỉ đạo');
    expect(tileCount(html, 'overdue')).toBe(UNIT_IDS.length);
    expect(tileCount(html, 'open')).toBe(0);
    expect(html).toContain('data-testid="overdue-ages"');
  });
});

describe('dashboard durations', () => {
  it('reads in hours under a day and in days beyond', () => {
    const { report } = sectionReport(rows, lookup, T);
    const figures = {
      ...report.figures,
      daysToRead: { n: 3, mean: 0.2, median: 0.01 },
      daysToDone: { n: 2, mean: 2.5, median: 1 },
    };
    const dash = readDashboard(dashDocOf('ubnd-tp', new Map([['handed', { ...report, figures }]]), T));
    const html = text(view({ dash }));
    expect(html).toContain('Thời gian đến khi xem Trung bình 5 giờ · trung vị dưới 1 giờ');
    expect(html).toContain('Thời gian đến khi hoàn thành Trung bình 2,5 ngày · trung vị 1,0 ngày');
  });
});
