import type { Person } from '@thongsuot/shared/access/principal';
import { mayManageTask } from '@thongsuot/shared/access/task-access';
import { setAssignmentStatus } from '@thongsuot/shared/model/assignment';
import { readReceipts } from '@thongsuot/shared/model/receipts';
import type { Task } from '@thongsuot/shared/model/task';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type * as Y from 'yjs';
import { useUnits } from '../directory/use-units.ts';
import { downloadCsv } from '../export/csv.ts';
import { formatNumber } from '../i18n/i18n.ts';
import { usePlatform } from '../shell/platform-context.ts';
import { useMediaQuery, WIDE_SCREEN } from '../shell/use-media-query.ts';
import { perform } from '../store/intents.ts';
import { today } from './deadline.ts';
import { TrackingCards } from './TrackingCards.tsx';
import { type RowTools, useStatusLabel } from './TrackingParts.tsx';
import { TrackingTable } from './TrackingTable.tsx';
import { TrackingTools } from './TrackingTools.tsx';
import { trackingCsvRows, trackingFileName } from './tracking-csv.ts';
import { trackingRows } from './tracking-rows.ts';
import {
  defaultGrouping,
  FILTERS,
  type Filter,
  filterRows,
  type Grouping,
  groupRows,
  PASSES,
  type RowGroup,
  type SortKey,
  type SortOrder,
  sortRows,
  unitGroupOf,
  type ViewRow,
} from './tracking-view.ts';
import { useOfficialNames } from './use-official-names.ts';
import './tracking.css';

const PAGE = 60;
/** On a phone, looking at everything, groups start folded when there are more rows than this. */
const PHONE_OPEN_LIMIT = 12;

/** What the panels of a task's page are given (this table, ExtensionDecisions). */
export interface TaskPanelProps {
  readonly doc: Y.Doc;
  readonly task: Task;
  readonly person: Person;
  readonly unitNames: ReadonlyMap<string, string>;
}

/**
 * The issuer's one table of every recipient (item 2): who has read it (by whom, when), how far
 * along, who is late, who asked for more time — with an "urge" per row for the issuer side.
 * Issue 17 item 12: grouped (by kind of unit or status), sorted, filtered, searched and paged;
 * a table on a wide screen, compact cards on a phone; exported to CSV as shown.
 */
export function RecipientTable({ doc, task, person, unitNames }: TaskPanelProps) {
  const { t } = useTranslation();
  const wide = useMediaQuery(WIDE_SCREEN);
  const statusLabel = useStatusLabel();
  const [filter, setFilter] = useState<Filter>('all');
  const [query, setQuery] = useState('');
  const [chosenGrouping, setGrouping] = useState<Grouping | null>(null);
  const [sort, setSort] = useState<SortOrder>({ key: 'name', descending: false });
  const [opened, setOpened] = useState<Readonly<Record<string, boolean>>>({});
  const [pages, setPages] = useState<Readonly<Record<string, number>>>({});
  const manager = mayManageTask(person, task);
  const { db, repository } = usePlatform();
  const units = useUnits();

  const rows = useMemo(() => trackingRows(task, readReceipts(doc), today()), [task, doc]);
  // Readers, and recipients that are people (a hand-down): names, never ids.
  const readers = useOfficialNames(rows.flatMap((r) => (r.read ? [r.read.by, r.id] : [r.id])));
  const viewRows = useMemo((): ViewRow[] => {
    const unitKinds = new Map((units ?? []).map((u) => [u.id, u.kind]));
    const recipientKinds = new Map(task.assignments.map((a) => [a.recipientId, a.recipientKind]));
    return rows.map((r) => ({
      ...r,
      name: unitNames.get(r.id) ?? readers.get(r.id) ?? t('tasks.someone'),
      unitGroup: unitGroupOf(recipientKinds.get(r.id), unitKinds.get(r.id)),
    }));
  }, [rows, units, task.assignments, unitNames, readers, t]);

  const counts = Object.fromEntries(FILTERS.map((f) => [f, rows.filter(PASSES[f]).length])) as Record<Filter, number>;
  const grouping = chosenGrouping ?? defaultGrouping(viewRows);
  const visible = sortRows(filterRows(viewRows, filter, query), sort);
  const groups = groupRows(visible, grouping);
  // A phone shows a few headers, not 9,500 px of cards; a search or a filter opens what it found.
  const openByDefault = wide || filter !== 'all' || query.trim() !== '' || visible.length <= PHONE_OPEN_LIMIT;
  const isOpen = (group: RowGroup): boolean => opened[group.id] ?? openByDefault;

  // The urge is an event in the task and a message in its case group, written together (offline too).
  const urge = (row: ViewRow) => {
    void repository()
      .then((docs) =>
        perform(
          { db, repository: docs },
          {
            kind: 'urge',
            taskDocId: `task/${task.id}`,
            recipientId: row.id,
            by: person.id,
            at: Date.now(),
            text: t('notifications.urgeMessage', { name: row.name, title: task.title }),
          },
        ),
      )
      .catch((error: unknown) => console.error('urge not written', error));
  };
  const tools: RowTools = {
    taskId: task.id,
    manager,
    person: (id) => readers.get(id) ?? id,
    urge,
    confirm: (row) => setAssignmentStatus(doc, row.id, 'completed', person.id, Date.now()),
    sendBack: (row) => setAssignmentStatus(doc, row.id, 'in_progress', person.id, Date.now()),
  };
  const list = {
    groups,
    grouping,
    isOpen,
    toggle: (group: RowGroup) => setOpened({ ...opened, [group.id]: !isOpen(group) }),
    shown: (group: RowGroup) => pages[group.id] ?? PAGE,
    more: (group: RowGroup) => setPages({ ...pages, [group.id]: (pages[group.id] ?? PAGE) + PAGE }),
    tools,
  };
  const sortBy = (key: SortKey) =>
    setSort(sort.key === key ? { key, descending: !sort.descending } : { key, descending: false });
  // Every row the filter and search keep, in the order shown, whatever is folded or paged.
  const exportCsv = () =>
    downloadCsv(
      trackingFileName(task.title),
      trackingCsvRows(
        groups.flatMap((g) => g.rows),
        { t: (key) => t(key), status: statusLabel, person: tools.person },
      ),
    );

  return (
    <section className="tracking" aria-labelledby="tracking-heading">
      <h2 id="tracking-heading">{t('tasks.recipients')}</h2>
      <p className="tracking-summary" data-testid="tracking-summary">
        {t('tracking.summary', {
          read: formatNumber(rows.length - counts.unread),
          total: formatNumber(rows.length),
          late: formatNumber(counts.late),
          extension: formatNumber(counts.extension),
        })}
      </p>
      {rows.length > 1 && (
        <div className="chips">
          {FILTERS.map((f) => (
            <button
              key={f}
              type="button"
              className={`chip${filter === f ? ' chip-on' : ''}`}
              aria-pressed={filter === f}
              onClick={() => setFilter(f)}
            >
              {t(`tracking.filters.${f}`)} ({formatNumber(counts[f])})
            </button>
          ))}
        </div>
      )}
      <TrackingTools
        many={rows.length > 1}
        searchable={rows.length > 6}
        wide={wide}
        query={query}
        onQuery={setQuery}
        grouping={grouping}
        onGrouping={setGrouping}
        sort={sort}
        onSort={setSort}
        onExport={exportCsv}
      />
      {visible.length === 0 ? (
        rows.length > 0 && <p className="empty">{t('tracking.noMatch')}</p>
      ) : wide ? (
        <TrackingTable {...list} sort={sort} onSort={sortBy} />
      ) : (
        <TrackingCards {...list} />
      )}
    </section>
  );
}
