import { decidingTime, timesDisagree } from '@thongsuot/shared/model/receipts';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { caseGroupPath } from '../conversations/urge-message.ts';
import { formatNumber } from '../i18n/i18n.ts';
import { formatDateTime as formatTime } from './format.ts';
import type { Grouping, RowGroup, ViewRow } from './tracking-view.ts';

/** What every row of the tracking (table or cards) needs from the page around it. */
export interface RowTools {
  readonly taskId: string;
  /** The issuer side: may urge, confirm and send back. */
  readonly manager: boolean;
  /** An official's name by id (who read it). */
  readonly person: (id: string) => string;
  readonly urge: (row: ViewRow) => void;
  readonly confirm: (row: ViewRow) => void;
  readonly sendBack: (row: ViewRow) => void;
}

/** The rows as groups, and how each is opened and paged: what the table and the cards share. */
export interface TrackingListProps {
  readonly groups: readonly RowGroup[];
  readonly grouping: Grouping;
  readonly isOpen: (group: RowGroup) => boolean;
  readonly toggle: (group: RowGroup) => void;
  readonly shown: (group: RowGroup) => number;
  readonly more: (group: RowGroup) => void;
  readonly tools: RowTools;
}

/** A status's words; one the app does not know yet is shown as it is, never as a key. */
export function useStatusLabel(): (status: string) => string {
  const { t } = useTranslation();
  return (status) => t(`status.${status}`, { defaultValue: status });
}

export function StatusPill({ status }: { status: string }) {
  const label = useStatusLabel();
  return (
    <span className={`status status-${status}`} data-testid="assignment-status">
      {label(status)}
    </span>
  );
}

/** A group's header: its name, how many, how many late; opens and closes the group. */
export function GroupToggle({
  group,
  grouping,
  open,
  onToggle,
}: {
  group: RowGroup;
  grouping: Grouping;
  open: boolean;
  onToggle: () => void;
}) {
  const { t } = useTranslation();
  const label = useStatusLabel();
  const name = grouping === 'status' ? label(group.key) : t(`tracking.unitGroups.${group.key}`);
  return (
    <button type="button" className="group-toggle" aria-expanded={open} onClick={onToggle} data-testid="tracking-group">
      <span className="group-name">
        {name} <span className="group-count">({formatNumber(group.rows.length)})</span>
      </span>{' '}
      {group.late > 0 && (
        <span className="flag flag-late">{t('tracking.groupLate', { formatted: formatNumber(group.late) })}</span>
      )}
    </button>
  );
}

/** Not read yet: whether it reached their side (a device of theirs has it), and when the relay heard so. */
export function unreadText(row: ViewRow, t: TFunction): string {
  return row.delivered
    ? t('tracking.deliveredNotRead', { time: formatTime(decidingTime(row.delivered.at)) })
    : t('tracking.notRead');
}

/** Who first read it and when: the relay's time, and the device's beside it when they differ. */
export function readParts(row: ViewRow, person: (id: string) => string) {
  if (!row.read) return null;
  return {
    name: person(row.read.by),
    time: formatTime(decidingTime(row.read.at)),
    device: timesDisagree(row.read.at) ? formatTime(row.read.at.device) : null,
  };
}

/** Reported late, asked for more time, urged (with the way to the case's thread with that recipient). */
export function RowFlags({ row, tools }: { row: ViewRow; tools: RowTools }) {
  const { t } = useTranslation();
  return (
    <>
      {row.reportedLate && <span className="flag flag-late">{t('tracking.reportedLate')}</span>}
      {row.asking && <span className="flag flag-extension">{t('tracking.askedMoreTime')}</span>}
      {row.urgedAt !== null && (
        <Link className="urged-link" href={caseGroupPath(tools.taskId, row.id)} data-testid="urge-link">
          {t('tracking.urgedAt', { time: formatTime(row.urgedAt) })} · {t('notifications.inThread')}
        </Link>
      )}
    </>
  );
}

/** The issuer's actions on a row: confirm or send back a report; urge one not yet reported. */
export function RowActions({ row, tools }: { row: ViewRow; tools: RowTools }) {
  const { t } = useTranslation();
  if (!tools.manager || row.status === 'completed') return null;
  if (row.status === 'reported') {
    return (
      <span className="row-actions">
        <button type="button" className="button" onClick={() => tools.confirm(row)}>
          {t('tracking.confirm')}
        </button>
        <button type="button" className="link-button" onClick={() => tools.sendBack(row)}>
          {t('tracking.sendBack')}
        </button>
      </span>
    );
  }
  return (
    <button
      type="button"
      className="link-button"
      onClick={() => tools.urge(row)}
      aria-label={t('tracking.urgeUnit', { name: row.name })}
    >
      {t('tracking.urge')}
    </button>
  );
}

/** "Show N more" under a group that holds more than one page. */
export function MoreButton({ left, onMore }: { left: number; onMore: () => void }) {
  const { t } = useTranslation();
  return (
    <button type="button" className="button show-more" onClick={onMore}>
      {t('tracking.showMore', { formatted: formatNumber(left) })}
    </button>
  );
}
