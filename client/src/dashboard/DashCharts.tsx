import { BUCKETS } from '@thongsuot/shared/dashboard/measures';
import type { SectionReport } from '@thongsuot/shared/dashboard/scope-report';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BUCKET_COLORS } from './bucket-colors.ts';
import { dayMonth, formatPercent } from './dash-format.ts';
import { topOverdue, weeklyRates } from './dash-view.ts';

type Charts = typeof import('./charts.ts');

/**
 * Height of a horizontal bar chart: room for each line's label, the axis, and the legend below
 * (the four buckets' names take three lines on a 360-px phone).
 */
function barHeight(lines: number, legend: boolean): number {
  return Math.max(120, lines * 34 + (legend ? 110 : 40));
}

/**
 * The section's three charts (docs/design.md §14): on-time rate by week, buckets by group of units,
 * the units most overdue. Each canvas carries its figures as text for screen readers; the tables
 * below hold them too. chart.js loads with the first chart drawn, never with the app.
 */
export function DashCharts({ report }: { report: SectionReport }) {
  const { t } = useTranslation();
  const weekly = useRef<HTMLCanvasElement>(null);
  const groups = useRef<HTMLCanvasElement>(null);
  const ranking = useRef<HTMLCanvasElement>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'failed'>('loading');

  const weekLabels = report.weekly.map((w) => dayMonth(w.week));
  const rates = weeklyRates(report.weekly);
  const groupLabels = report.byGroup.map((g) => t(`dash.group.${g.key}`));
  const top = topOverdue(report.units);

  // Redrawn when the figures or the language change; the derived arrays follow `report`.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `report` and `t` decide every input
  useEffect(() => {
    let live = true;
    const drawn: { destroy(): void; resize(): void }[] = [];
    const resize = (): void => {
      for (const chart of drawn) chart.resize();
    };
    import('./charts.ts')
      .then((charts: Charts) => {
        if (!live) return;
        if (weekly.current) {
          const percents = rates.map((r) => (r === null ? null : r * 100));
          drawn.push(charts.weeklyChart(weekly.current, weekLabels, percents, t('dash.onTime'), BUCKET_COLORS.on_time));
        }
        if (groups.current && report.byGroup.length > 0) {
          const series = BUCKETS.map((b) => ({
            label: t(`dash.bucket.${b}`),
            color: BUCKET_COLORS[b],
            data: report.byGroup.map((g) => g.buckets[b]),
          }));
          drawn.push(charts.barChart(groups.current, groupLabels, series));
        }
        if (ranking.current && top.length > 0) {
          const series = [
            { label: t('dash.bucket.overdue'), color: BUCKET_COLORS.overdue, data: top.map((u) => u.buckets.overdue) },
          ];
          drawn.push(
            charts.barChart(
              ranking.current,
              top.map((u) => u.name),
              series,
            ),
          );
        }
        setState('ready');
      })
      .catch(() => live && setState('failed'));
    globalThis.addEventListener?.('beforeprint', resize);
    globalThis.addEventListener?.('afterprint', resize);
    return () => {
      live = false;
      globalThis.removeEventListener?.('beforeprint', resize);
      globalThis.removeEventListener?.('afterprint', resize);
      for (const chart of drawn) chart.destroy();
    };
  }, [report, t]);

  const weeklySummary = t('dash.charts.weeklySummary', {
    items: report.weekly
      .map((w, i) => {
        const rate = rates[i];
        return t('dash.charts.weekItem', {
          week: weekLabels[i],
          rate:
            rate === null || rate === undefined
              ? t('dash.charts.noDue')
              : `${formatPercent(rate)} (${w.onTime}/${w.due})`,
        });
      })
      .join('; '),
  });
  const groupsSummary = report.byGroup
    .map((g, i) =>
      t('dash.charts.groupsSummary', {
        name: groupLabels[i],
        items: BUCKETS.map((b) => `${t(`dash.bucket.${b}`)} ${g.buckets[b]}`).join(', '),
      }),
    )
    .join('; ');
  const rankingSummary = t('dash.charts.rankingSummary', {
    items: top.map((u) => `${u.name} ${u.buckets.overdue}`).join('; '),
  });

  return (
    <div className="dash-charts">
      {state === 'loading' && <p className="muted dash-no-print">{t('dash.charts.loading')}</p>}
      {state === 'failed' && <p className="notice">{t('dash.charts.failed')}</p>}
      <figure className="dash-chart">
        <figcaption>
          {t('dash.charts.weekly')} <small className="muted">{t('dash.charts.weeklyHint')}</small>
        </figcaption>
        <div className="dash-canvas" style={{ height: 220 }}>
          <canvas ref={weekly} role="img" aria-label={weeklySummary} data-testid="chart-weekly" />
        </div>
      </figure>
      {report.byGroup.length > 0 && (
        <figure className="dash-chart">
          <figcaption>{t('dash.charts.groups')}</figcaption>
          <div className="dash-canvas" style={{ height: barHeight(report.byGroup.length, true) }}>
            <canvas ref={groups} role="img" aria-label={groupsSummary} data-testid="chart-groups" />
          </div>
        </figure>
      )}
      <figure className="dash-chart">
        <figcaption>{t('dash.charts.ranking')}</figcaption>
        {top.length === 0 ? (
          <p className="empty">{t('dash.charts.noOverdue')}</p>
        ) : (
          <div className="dash-canvas" style={{ height: barHeight(top.length, false) }}>
            <canvas ref={ranking} role="img" aria-label={rankingSummary} data-testid="chart-ranking" />
          </div>
        )}
      </figure>
    </div>
  );
}
