import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../i18n/i18n.ts';
import { usePlatform } from '../shell/platform-context.ts';
import { addDays, today } from '../tasks/deadline.ts';
import { stageRank } from '../tasks/task-queries.ts';

const STAGES = ['sent', 'received', 'read', 'in_progress', 'reported', 'completed'] as const;

/** Figures over the tasks on this device, counted per assignment, from the local index. */
export function DashboardPage() {
  const { t } = useTranslation();
  const { db } = usePlatform();
  const figures = useLiveQuery(async () => {
    const now = today();
    const week = addDays(now, 7);
    const byStatus = new Map<string, number>(STAGES.map((s) => [s, 0]));
    let open = 0;
    let overdue = 0;
    let dueWeek = 0;
    const rows = await db.tasks.toArray();
    for (const row of rows) {
      const openHere = row.statuses.some((s) => stageRank(s) < stageRank('completed'));
      if (openHere) open += 1;
      if (openHere && row.deadline < now) overdue += 1;
      if (openHere && row.deadline >= now && row.deadline <= week) dueWeek += 1;
      for (const s of row.statuses) byStatus.set(s, (byStatus.get(s) ?? 0) + 1);
    }
    return { total: rows.length, open, overdue, dueWeek, done: rows.length - open, byStatus };
  }, []);
  if (!figures) return null;
  const tiles = [
    ['total', figures.total],
    ['open', figures.open],
    ['overdue', figures.overdue],
    ['dueWeek', figures.dueWeek],
    ['done', figures.done],
  ] as const;
  return (
    <section aria-labelledby="dashboard-heading">
      <h1 id="dashboard-heading">{t('dashboard.title')}</h1>
      <p className="page-intro">{t('dashboard.intro')}</p>
      <dl className="tiles">
        {tiles.map(([key, value]) => (
          <div key={key} className={`tile tile-${key}`}>
            <dt>{t(`dashboard.${key}`)}</dt>
            <dd>{formatNumber(value)}</dd>
          </div>
        ))}
      </dl>
      <h2>{t('dashboard.byStatus')}</h2>
      <dl className="tiles">
        {STAGES.map((s) => (
          <div key={s} className="tile">
            <dt>{t(`status.${s}`)}</dt>
            <dd>{formatNumber(figures.byStatus.get(s) ?? 0)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
