import { useTranslation } from 'react-i18next';
import { formatDate } from '../i18n/i18n.ts';
import {
  GroupToggle,
  MoreButton,
  RowActions,
  RowFlags,
  type RowTools,
  readParts,
  StatusPill,
  type TrackingListProps,
  unreadText,
} from './TrackingParts.tsx';
import type { SortKey, SortOrder, ViewRow } from './tracking-view.ts';

const COLUMNS = 7;
const SORTABLE: readonly SortKey[] = ['name', 'status', 'read', 'percent', 'deadline'];

function TrackingTableRow({ row, tools }: { row: ViewRow; tools: RowTools }) {
  const { t } = useTranslation();
  const read = readParts(row, tools.person);
  return (
    <tr className={row.late ? 'is-late' : undefined} data-testid="assignment">
      <th scope="row">{row.name}</th>
      <td>
        <StatusPill status={row.status} />
      </td>
      <td>
        {read ? (
          <>
            {read.name}
            <span className="cell-note">
              {read.time}
              {read.device && ` (${t('tracking.deviceSaid', { time: read.device })})`}
            </span>
          </>
        ) : (
          <span className="muted">{unreadText(row, t)}</span>
        )}
      </td>
      <td className="cell-number">{row.percent === null ? '—' : <span className="percent">{row.percent}%</span>}</td>
      <td className={row.late ? 'overdue' : undefined}>
        {formatDate(row.deadline)}
        {row.late && <span className="cell-note">{t('tasks.overdue')}</span>}
      </td>
      <td>
        <span className="cell-flags">
          <RowFlags row={row} tools={tools} />
        </span>
      </td>
      <td>
        <RowActions row={row} tools={tools} />
      </td>
    </tr>
  );
}

/**
 * The tracking on a wide screen: one row per recipient, a column per fact, sorted by a click on
 * a column's header (aria-sort says which and which way); a group is a header row that folds.
 */
export function TrackingTable({
  groups,
  grouping,
  isOpen,
  toggle,
  shown,
  more,
  tools,
  sort,
  onSort,
}: TrackingListProps & { readonly sort: SortOrder; readonly onSort: (key: SortKey) => void }) {
  const { t } = useTranslation();
  const grouped = grouping !== 'none';
  return (
    <div className="tracking-table-wrap">
      <table className="tracking-table" data-testid="recipient-table">
        <thead>
          <tr>
            {SORTABLE.map((key) => {
              const on = sort.key === key;
              return (
                <th
                  key={key}
                  scope="col"
                  className={`col-${key} sortable`}
                  aria-sort={on ? (sort.descending ? 'descending' : 'ascending') : undefined}
                >
                  <button type="button" className="sort-button" onClick={() => onSort(key)}>
                    {t(`tracking.columns.${key}`)}
                    <span className="sort-mark" aria-hidden="true">
                      {on ? (sort.descending ? '▼' : '▲') : '↕'}
                    </span>
                  </button>
                </th>
              );
            })}
            <th scope="col" className="col-flags">
              {t('tracking.columns.flags')}
            </th>
            <th scope="col" className="col-actions">
              <span className="visually-hidden">{t('tracking.columns.actions')}</span>
            </th>
          </tr>
        </thead>
        {groups.map((group) => {
          const open = isOpen(group);
          const limit = shown(group);
          return (
            <tbody key={group.id}>
              {grouped && (
                <tr className="group-row">
                  <th scope="rowgroup" colSpan={COLUMNS}>
                    <GroupToggle group={group} grouping={grouping} open={open} onToggle={() => toggle(group)} />
                  </th>
                </tr>
              )}
              {open &&
                group.rows.slice(0, limit).map((row) => <TrackingTableRow key={row.id} row={row} tools={tools} />)}
              {open && group.rows.length > limit && (
                <tr>
                  <td colSpan={COLUMNS}>
                    <MoreButton left={group.rows.length - limit} onMore={() => more(group)} />
                  </td>
                </tr>
              )}
            </tbody>
          );
        })}
      </table>
    </div>
  );
}
