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
import type { ViewRow } from './tracking-view.ts';

/** One recipient on a phone, compact: name and status; who read it, progress, deadline, flags; the action. */
function TrackingCard({ row, tools }: { row: ViewRow; tools: RowTools }) {
  const { t } = useTranslation();
  const read = readParts(row, tools.person);
  return (
    <li className={`assignment tracking-card${row.late ? ' is-late' : ''}`} data-testid="assignment">
      <div className="assignment-head">
        <strong>{row.name}</strong>
        <StatusPill status={row.status} />
      </div>
      <div className="tracking-card-body">
        <div className="assignment-facts">
          <span>
            {!read ? unreadText(row, t) : read.device ? t('tracking.readByDiffer', read) : t('tracking.readBy', read)}
          </span>
          {row.percent !== null && <span className="percent">{row.percent}%</span>}
          <span className={row.late ? 'overdue' : ''}>
            {t('tasks.deadline')}: {formatDate(row.deadline)}
            {row.late && ` · ${t('tasks.overdue')}`}
          </span>
          <RowFlags row={row} tools={tools} />
        </div>
        <RowActions row={row} tools={tools} />
      </div>
    </li>
  );
}

/** The tracking on a phone: a header per group that opens it, then compact cards, a page at a time. */
export function TrackingCards({ groups, grouping, isOpen, toggle, shown, more, tools }: TrackingListProps) {
  const grouped = grouping !== 'none';
  return (
    <div className="tracking-cards" data-testid="recipient-table">
      {groups.map((group) => {
        const open = isOpen(group);
        const limit = shown(group);
        return (
          <section key={group.id} className="tracking-group">
            {grouped && (
              <h3 className="group-head">
                <GroupToggle group={group} grouping={grouping} open={open} onToggle={() => toggle(group)} />
              </h3>
            )}
            {open && (
              <ul className="assignments">
                {group.rows.slice(0, limit).map((row) => (
                  <TrackingCard key={row.id} row={row} tools={tools} />
                ))}
              </ul>
            )}
            {open && group.rows.length > limit && (
              <MoreButton left={group.rows.length - limit} onMore={() => more(group)} />
            )}
          </section>
        );
      })}
    </div>
  );
}
