import type { Dashboard, Section } from '@thongsuot/shared/dashboard/dash-doc';
import type { Bucket } from '@thongsuot/shared/dashboard/measures';
import { type CSSProperties, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { formatDate, formatNumber } from '../i18n/i18n.ts';
import { BUCKET_COLORS } from './bucket-colors.ts';
import { assignmentsIn, drillHref, soleUnit, type TaskInfo, unitsInBucket } from './dash-view.ts';

const PAGE = 100;

/**
 * From a figure to the work behind it, in at most three taps (docs/design.md §14): a bucket's units
 * with their counts, then one unit's assignments, then the task. Everything is read from the
 * unit's dashboard doc; titles and deadlines from the tasks this device holds.
 */
export function DrillDown({
  dash,
  section,
  bucket,
  unitId,
  tasks,
  names,
}: {
  dash: Dashboard;
  section: Section;
  bucket: Bucket;
  unitId: string | null;
  /** By assignment ref; undefined while being read. */
  tasks: ReadonlyMap<string, TaskInfo> | undefined;
  /** Names of recipients, units and people. */
  names: ReadonlyMap<string, string>;
}) {
  const { t } = useTranslation();
  const [shown, setShown] = useState(PAGE);
  const report = dash[section];
  const bucketName = t(`dash.bucket.${bucket}`);
  const direct = soleUnit(dash, section);
  const unit = unitId ?? direct;
  const style = { '--bucket': BUCKET_COLORS[bucket] } as CSSProperties;

  const crumbs = (
    <nav className="dash-crumbs dash-no-print" aria-label={t('dash.drill.overview')}>
      <Link href={drillHref(section)}>← {t('dash.drill.overview')}</Link>
      {unit && !direct && <Link href={drillHref(section, bucket)}>{bucketName}</Link>}
    </nav>
  );

  if (!unit) {
    const units = report ? unitsInBucket(report, bucket) : [];
    return (
      <section className="dash-drill" style={style} aria-labelledby="drill-heading">
        {crumbs}
        <h2 id="drill-heading">{t('dash.drill.units', { bucket: bucketName })}</h2>
        {units.length === 0 ? (
          <p className="empty">{t('dash.drill.noUnits')}</p>
        ) : (
          <ul className="dash-drill-list" data-testid="drill-units">
            {units.map((u) => (
              <li key={u.unitId}>
                <Link href={drillHref(section, bucket, u.unitId)} data-unit={u.unitId}>
                  <span className="dash-drill-name">{u.name}</span>
                  <span className="dash-drill-count">{formatNumber(u.count)}</span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
    );
  }

  const refs = assignmentsIn(dash, section, unit, bucket);
  const unitName = report?.units.find((u) => u.unitId === unit)?.name ?? names.get(unit) ?? unit;
  return (
    <section className="dash-drill" style={style} aria-labelledby="drill-heading">
      {crumbs}
      <h2 id="drill-heading">{t('dash.drill.assignments', { unit: unitName, bucket: bucketName })}</h2>
      {refs === null ? (
        <p className="notice">{t('dash.drill.noList')}</p>
      ) : refs.length === 0 ? (
        <p className="empty">{t('dash.drill.empty')}</p>
      ) : (
        <>
          <p className="muted">{t('dash.drill.count', { count: refs.length })}</p>
          <ul className="dash-drill-list" data-testid="drill-assignments">
            {refs.slice(0, shown).map(({ ref, taskId, recipientId }) => {
              const task = tasks?.get(ref);
              const recipient = recipientId === unit ? null : (names.get(recipientId) ?? recipientId);
              return (
                <li key={ref} data-ref={ref}>
                  <Link href={`/tasks/${taskId}`}>
                    {task ? (
                      <span className="dash-drill-name">{task.title}</span>
                    ) : tasks ? (
                      <span className="dash-drill-name dash-missing" data-testid="not-here">
                        {t('dash.drill.notHere')}
                        <small>{t('dash.drill.notHereHint', { id: taskId })}</small>
                      </span>
                    ) : (
                      <span className="dash-drill-name">…</span>
                    )}
                    <span className="dash-drill-meta">
                      {task && t('dash.drill.deadline', { date: formatDate(task.deadline) })}
                      {recipient && ` · ${t('dash.drill.recipient', { name: recipient })}`}
                    </span>
                  </Link>
                </li>
              );
            })}
          </ul>
          {refs.length > shown && (
            <button type="button" className="button" onClick={() => setShown((n) => n + PAGE)}>
              {t('dash.drill.more', { count: Math.min(PAGE, refs.length - shown) })}
            </button>
          )}
        </>
      )}
    </section>
  );
}
