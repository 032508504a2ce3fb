import { latestReports } from '@thongsuot/shared/model/progress-report';
import type { Task } from '@thongsuot/shared/model/task';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { formatDate } from '../i18n/i18n.ts';
import { usePlatform } from '../shell/platform-context.ts';
import type { TaskRow } from '../store/local-db.ts';
import { useOfficialNames } from '../tasks/use-official-names.ts';
import { childrenByRecipient, progressOf } from './roll-up.ts';

/**
 * What happens below a directive (item 3): each recipient's hand-downs with their people's
 * statuses and percents, two levels deep, read from the list projections on the device (the
 * issuers above read child tasks as monitors, so they arrive like any other task).
 */
export function RollUp({ task, unitNames }: { task: Task; unitNames: ReadonlyMap<string, string> }) {
  const { t } = useTranslation();
  const { db } = usePlatform();
  const key = task.subAssignments.map((s) => s.childTaskId).join(',');
  const rows = useLiveQuery(async () => {
    const children = (await db.tasks.bulkGet(task.subAssignments.map((s) => `task/${s.childTaskId}`))).filter(
      (r): r is TaskRow => r !== undefined,
    );
    const grand = (await db.tasks.bulkGet(children.flatMap((c) => c.childIds ?? []))).filter(
      (r): r is TaskRow => r !== undefined,
    );
    return new Map([...children, ...grand].map((r) => [r.docId, r]));
  }, [key]);
  const people = useOfficialNames([...(rows?.values() ?? [])].flatMap((r) => r.recipientIds));
  if (task.subAssignments.length === 0 || !rows) return null;
  const grouped = childrenByRecipient(task.subAssignments, rows);
  const ownPercent = new Map([...latestReports(task.reports)].map(([id, r]) => [id, r.percent]));
  const whole = progressOf({
    statuses: task.assignments.map((a) => a.status),
    percents: task.assignments.map((a) => ownPercent.get(a.recipientId) ?? -1),
  });
  const name = (id: string) => unitNames.get(id) ?? people.get(id) ?? id;

  const childItem = (child: TaskRow, depth: number) => {
    const p = progressOf({ statuses: child.statuses, percents: child.percents ?? [] });
    const grandChildren = (child.childIds ?? []).flatMap((id) => rows.get(id) ?? []);
    return (
      <li key={child.docId} className={`rollup-child depth-${depth}`} data-testid="rollup-child">
        <Link href={`/tasks/${child.docId.slice('task/'.length)}`}>{child.title}</Link>
        <div className="progress" role="img" aria-label={`${p.percent}%`}>
          <span style={{ width: `${p.percent}%` }} />
        </div>
        <span className="rollup-facts">
          {p.percent}% · {formatDate(child.deadline)} ·{' '}
          {child.recipientIds
            .map((id, i) => `${name(id)}: ${t(`status.${child.statuses[i] ?? 'received'}`)}`)
            .join('; ')}
        </span>
        {grandChildren.length > 0 && <ul>{grandChildren.map((g) => childItem(g, depth + 1))}</ul>}
      </li>
    );
  };

  return (
    <section className="rollup" aria-labelledby="rollup-heading" data-testid="rollup">
      <h2 id="rollup-heading">{t('cascade.rollup')}</h2>
      <p className="muted">{t('cascade.overall', { percent: whole.percent, done: whole.done, total: whole.total })}</p>
      <ul className="rollup-list">
        {[...grouped].map(([recipientId, children]) => (
          <li key={recipientId}>
            <strong>{name(recipientId)}</strong>
            {ownPercent.has(recipientId) && <span className="percent"> · {ownPercent.get(recipientId)}%</span>}
            <ul>{children.map((c) => childItem(c, 1))}</ul>
          </li>
        ))}
      </ul>
    </section>
  );
}
