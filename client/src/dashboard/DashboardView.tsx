import type { Dashboard, Section } from '@thongsuot/shared/dashboard/dash-doc';
import { AGE_BANDS, BUCKETS, type DaysFigure, type Figures } from '@thongsuot/shared/dashboard/measures';
import type { SectionReport } from '@thongsuot/shared/dashboard/scope-report';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { formatNumber } from '../i18n/i18n.ts';
import { DashCharts } from './DashCharts.tsx';
import { DashTables } from './DashTables.tsx';
import { DrillDown } from './DrillDown.tsx';
import { formatDays, formatPercent, stampOf } from './dash-format.ts';
import { chooseSection, type DrillState, drillHref, hasRows, soleUnit, type TaskInfo } from './dash-view.ts';
import { BucketTiles, OverdueAges } from './FigureTiles.tsx';

/** Work handed down first: what a leader issued is what they answer for. */
const SECTION_ORDER: readonly Section[] = ['handed', 'received'];

export interface DashboardViewProps {
  readonly loading: boolean;
  /** The unit's dashboard as stored on the device; null when none has arrived yet. */
  readonly dash: Dashboard | null;
  readonly drill: DrillState;
  /** The person's unit, for the title and the exported files. */
  readonly unitName: string;
  readonly now: number;
  readonly online: boolean;
  /** The device has synced with the server since it opened: a missing doc is known to be missing. */
  readonly synced?: boolean;
  /** Tasks on the device by assignment ref, for a unit's list; undefined while being read. */
  readonly tasks: ReadonlyMap<string, TaskInfo> | undefined;
  readonly names: ReadonlyMap<string, string>;
}

function Days({ label, figure }: { label: string; figure: DaysFigure }) {
  const { t } = useTranslation();
  // Under a day it reads in hours: "0,0 ngày" says nothing of work read within the morning.
  const duration = (days: number) => {
    if (days >= 1) return t('dash.days.inDays', { value: formatDays(days) });
    const hours = Math.round(days * 24);
    return hours < 1 ? t('dash.days.underHour') : t('dash.days.inHours', { value: formatNumber(hours) });
  };
  return (
    <div>
      <dt>{label}</dt>
      <dd>
        {figure.mean === null || figure.median === null
          ? t('dash.days.none')
          : t('dash.days.value', { mean: duration(figure.mean), median: duration(figure.median) })}
      </dd>
    </div>
  );
}

function KeyFigures({ figures, section, dash }: { figures: Figures; section: Section; dash: Dashboard }) {
  const { t } = useTranslation();
  return (
    <>
      <p className="dash-total">{t('dash.total', { total: formatNumber(figures.total) })}</p>
      <BucketTiles figures={figures} hrefOf={(b) => drillHref(section, b, soleUnit(dash, section))} />
      <OverdueAges figures={figures} />
      <dl className="fig-list fig-days" data-testid="days">
        <Days label={t('dash.days.toRead')} figure={figures.daysToRead} />
        <Days label={t('dash.days.toDone')} figure={figures.daysToDone} />
      </dl>
    </>
  );
}

/** Both sections' key figures, on paper only: the weekly briefing sees the whole picture. */
function PrintSummary({ dash }: { dash: Dashboard }) {
  const { t } = useTranslation();
  return (
    <section className="dash-print-only" aria-hidden="true">
      <h2>{t('dash.printSummary')}</h2>
      <table className="dash-table">
        <thead>
          <tr>
            <th rowSpan={2} />
            {BUCKETS.map((b) => (
              <th key={b} rowSpan={2}>
                {t(`dash.short.${b}`)}
              </th>
            ))}
            <th rowSpan={2}>{t('dash.tables.total')}</th>
            <th rowSpan={2}>{t('dash.onTime')}</th>
            <th colSpan={AGE_BANDS.length}>{t('dash.ages.title')}</th>
            <th rowSpan={2}>{t('dash.extensions')}</th>
          </tr>
          <tr>
            {AGE_BANDS.map((a) => (
              <th key={a}>{t(`dash.ages.${a}`)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {SECTION_ORDER.map((s) => {
            const f = dash[s]?.figures;
            return (
              <tr key={s}>
                <th scope="row">{t(`dash.section.${s}`)}</th>
                {f ? (
                  <>
                    {BUCKETS.map((b) => (
                      <td key={b}>{formatNumber(f.buckets[b])}</td>
                    ))}
                    <td>{formatNumber(f.total)}</td>
                    <td>{f.onTimeRate === null ? '—' : formatPercent(f.onTimeRate)}</td>
                    {AGE_BANDS.map((a) => (
                      <td key={a}>{formatNumber(f.overdueAges[a])}</td>
                    ))}
                    <td>{formatNumber(f.extensionsPending)}</td>
                  </>
                ) : (
                  <td colSpan={BUCKETS.length + AGE_BANDS.length + 3}>{t('dash.sectionMissing')}</td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

function Overview({
  dash,
  report,
  section,
  unitName,
}: {
  dash: Dashboard;
  report: SectionReport;
  section: Section;
  unitName: string;
}) {
  const { t } = useTranslation();
  // The key figures paint first; the charts and the tables (a city's rank hundreds of units) a
  // frame later, so a phone opening the page shows what a leader looks at first without waiting.
  const [rest, setRest] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setRest(true), 0);
    return () => clearTimeout(timer);
  }, []);
  if (!hasRows(report)) return <p className="empty">{t('dash.sectionEmpty')}</p>;
  return (
    <>
      <KeyFigures figures={report.figures} section={section} dash={dash} />
      {rest && <DashCharts report={report} />}
      {rest && <DashTables report={report} section={section} unitName={unitName} computedAt={dash.computedAt} />}
    </>
  );
}

/**
 * The leaders' dashboard as laid out from the unit's figures (docs/design.md §14): the time they
 * were computed always on top, the two sections, their figures, and the lists behind them.
 */
export function DashboardView({
  loading,
  dash,
  drill,
  unitName,
  now,
  online,
  synced = false,
  tasks,
  names,
}: DashboardViewProps) {
  const { t } = useTranslation();
  const stamp = dash ? stampOf(dash.computedAt, now) : null;
  const section = dash ? chooseSection(dash, drill.section) : null;
  const report = dash && section ? dash[section] : null;
  return (
    <section className="dash-page" aria-labelledby="dash-heading" data-testid="dashboard">
      <header className="dash-header">
        <h1 id="dash-heading">{t('dash.title')}</h1>
        <p className="dash-unit">{t('dash.unit', { name: unitName })}</p>
        {stamp && dash && (
          <p className="dash-stamp" data-testid="dash-stamp">
            <time dateTime={new Date(dash.computedAt).toISOString()}>
              {stamp.date ? t('dash.stampDay', stamp) : t('dash.stamp', stamp)}
            </time>
          </p>
        )}
        {stamp && !online && <p className="muted dash-no-print">{t('dash.offline')}</p>}
      </header>
      {loading ? (
        <p className="muted">{t('dash.loading')}</p>
      ) : !dash || !section ? (
        <div className="notice dash-empty" data-testid="dash-empty">
          <p>
            <strong>{t(synced && !dash ? 'dash.noneOnServer' : 'dash.noData')}</strong>
          </p>
          <p>{t(synced && !dash ? 'dash.noneOnServerHint' : 'dash.noDataHint')}</p>
        </div>
      ) : (
        <>
          <div className="dash-bar dash-no-print">
            <nav className="dash-switch" aria-label={t('dash.sectionsLabel')}>
              {SECTION_ORDER.map((s) => (
                <Link
                  key={s}
                  href={drillHref(s)}
                  className={s === section ? 'current' : ''}
                  aria-current={s === section ? 'true' : undefined}
                  data-testid={`section-${s}`}
                >
                  {t(`dash.section.${s}`)}
                </Link>
              ))}
            </nav>
            <button type="button" className="button" onClick={() => globalThis.print?.()}>
              {t('dash.print')}
            </button>
          </div>
          <PrintSummary dash={dash} />
          <h2 className="dash-section-title">{t(`dash.section.${section}`)}</h2>
          {/* Drilling down, the list comes first on a phone: its heading says what it is. */}
          {!drill.bucket && <p className="muted">{t(`dash.sectionHint.${section}`)}</p>}
          {report === null ? (
            <p className="empty" data-testid="section-missing">
              {t('dash.sectionMissing')}
            </p>
          ) : drill.bucket ? (
            <DrillDown
              dash={dash}
              section={section}
              bucket={drill.bucket}
              unitId={drill.unitId}
              tasks={tasks}
              names={names}
            />
          ) : (
            <Overview dash={dash} report={report} section={section} unitName={unitName} />
          )}
        </>
      )}
    </section>
  );
}
