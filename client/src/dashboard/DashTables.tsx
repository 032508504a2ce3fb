import type { Section } from '@thongsuot/shared/dashboard/dash-doc';
import { BUCKETS, type Bucket, type BucketCounts, onTimeRate } from '@thongsuot/shared/dashboard/measures';
import type { SectionReport } from '@thongsuot/shared/dashboard/scope-report';
import { vietnamDate } from '@thongsuot/shared/model/receipts';
import { type CSSProperties, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { downloadCsv } from '../export/csv.ts';
import { formatNumber } from '../i18n/i18n.ts';
import { BUCKET_COLORS } from './bucket-colors.ts';
import { type DashTable, dashCsvName, dashCsvRows } from './dash-csv.ts';
import { formatPercent, formatPoints } from './dash-format.ts';
import { drillHref, rankMove, ratePoints, totalOf } from './dash-view.ts';

/** Units shown in the ranking before "show all" (a city's handed-down work reaches hundreds). */
const RANKING_SHOWN = 30;

function useTranslate() {
  const { t } = useTranslation();
  return (key: string, options: Record<string, unknown> = {}): string => String(t(key, options));
}

/** A table in a box that scrolls sideways on a phone, its first column pinned, with its CSV export. */
function TableBlock({
  id,
  title,
  hint,
  onExport,
  children,
}: {
  id: string;
  title: string;
  hint?: string;
  onExport: () => void;
  children: ReactNode;
}) {
  const t = useTranslate();
  return (
    <section className="dash-table-block" aria-labelledby={id}>
      <div className="dash-table-head">
        <h3 id={id}>{title}</h3>
        <button type="button" className="button dash-no-print" onClick={onExport} data-testid={`csv-${id}`}>
          {t('dash.csv')}
        </button>
      </div>
      {hint && <p className="muted dash-table-hint">{hint}</p>}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region is reached by keyboard */}
      <section className="dash-table-wrap" tabIndex={0} aria-labelledby={id}>
        {children}
      </section>
    </section>
  );
}

/** The directives' table leads with what it ranks by: overdue first, in sight on a phone. */
const OVERDUE_FIRST: readonly Bucket[] = ['overdue', 'on_time', 'late', 'open'];

function BucketHeads({ order = BUCKETS }: { order?: readonly Bucket[] }) {
  const t = useTranslate();
  return (
    <>
      {order.map((b) => (
        <th key={b} scope="col" title={t(`dash.bucket.${b}`)} style={{ '--bucket': BUCKET_COLORS[b] } as CSSProperties}>
          <span className="dash-dot" aria-hidden="true" />
          {t(`dash.short.${b}`)}
        </th>
      ))}
      <th scope="col">{t('dash.tables.total')}</th>
      <th scope="col">{t('dash.tables.onTimeRate')}</th>
    </>
  );
}

function BucketCells({ buckets, order = BUCKETS }: { buckets: BucketCounts; order?: readonly Bucket[] }) {
  const rate = onTimeRate(buckets);
  return (
    <>
      {order.map((b) => (
        <td key={b} className="num">
          {formatNumber(buckets[b])}
        </td>
      ))}
      <td className="num">{formatNumber(totalOf(buckets))}</td>
      <td className="num">{rate === null ? '—' : formatPercent(rate)}</td>
    </>
  );
}

/**
 * The section's tables (docs/design.md §14): units ranked by overdue work with the change over the
 * period, the breakdowns by source and by issuer, and the directives most overdue.
 */
export function DashTables({
  report,
  section,
  unitName,
  computedAt,
}: {
  report: SectionReport;
  section: Section;
  unitName: string;
  computedAt: number;
}) {
  const t = useTranslate();
  const [all, setAll] = useState(false);
  const exportTable = (table: DashTable) => () =>
    downloadCsv(
      dashCsvName(t(`dash.section.${section}`), t(`dash.tables.${table}`), unitName, vietnamDate(computedAt)),
      dashCsvRows(report, table, t),
    );
  const units = all ? report.units : report.units.slice(0, RANKING_SHOWN);

  return (
    <div className="dash-tables">
      <TableBlock
        id="dash-ranking"
        title={t('dash.tables.ranking')}
        hint={t('dash.tables.rankingHint')}
        onExport={exportTable('ranking')}
      >
        <table className="dash-table" data-testid="table-ranking">
          <thead>
            <tr>
              <th scope="col">{t('dash.tables.unit')}</th>
              <th scope="col">{t('dash.tables.overdueChange')}</th>
              <th scope="col">{t('dash.tables.move')}</th>
              <th scope="col">{t('dash.tables.onTimeRate')}</th>
              <th scope="col">{t('dash.tables.rateChange')}</th>
            </tr>
          </thead>
          <tbody>
            {units.map((u) => {
              const move = rankMove(u);
              const points = ratePoints(u);
              return (
                <tr key={u.unitId} data-unit={u.unitId}>
                  <th scope="row">
                    <span className="dash-rank">{u.overdueRank}.</span> {u.name}
                  </th>
                  <td className="num">
                    {formatNumber(u.previous.overdue)} →{' '}
                    <Link href={drillHref(section, 'overdue', u.unitId)} className="dash-figure-link">
                      {formatNumber(u.buckets.overdue)}
                    </Link>
                  </td>
                  <td className={`num move-${Math.sign(move)}`}>
                    <span aria-hidden="true">{move === 0 ? '–' : `${move > 0 ? '▲' : '▼'} ${Math.abs(move)}`}</span>
                    <span className="visually-hidden">
                      {move === 0
                        ? t('dash.tables.same')
                        : t(move > 0 ? 'dash.tables.up' : 'dash.tables.down', { count: Math.abs(move) })}
                    </span>
                  </td>
                  <td className="num">{u.onTimeRate === null ? '—' : formatPercent(u.onTimeRate)}</td>
                  <td className="num">{points === null ? '—' : formatPoints(points)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableBlock>
      {report.units.length > RANKING_SHOWN && !all && (
        <button type="button" className="button dash-no-print" onClick={() => setAll(true)}>
          {t('dash.showAll', { count: report.units.length })}
        </button>
      )}

      <TableBlock id="dash-bySource" title={t('dash.tables.bySource')} onExport={exportTable('bySource')}>
        <table className="dash-table" data-testid="table-bySource">
          <thead>
            <tr>
              <th scope="col">{t('dash.tables.source')}</th>
              <BucketHeads />
            </tr>
          </thead>
          <tbody>
            {report.bySource.map((s) => (
              <tr key={s.key}>
                <th scope="row">{t(`source.${s.key}`)}</th>
                <BucketCells buckets={s.buckets} />
              </tr>
            ))}
          </tbody>
        </table>
      </TableBlock>

      <TableBlock id="dash-byIssuer" title={t('dash.tables.byIssuer')} onExport={exportTable('byIssuer')}>
        <table className="dash-table" data-testid="table-byIssuer">
          <thead>
            <tr>
              <th scope="col">{t('dash.tables.issuer')}</th>
              <BucketHeads />
            </tr>
          </thead>
          <tbody>
            {report.byIssuer.map((s) => (
              <tr key={s.key}>
                <th scope="row">{s.name}</th>
                <BucketCells buckets={s.buckets} />
              </tr>
            ))}
          </tbody>
        </table>
      </TableBlock>

      <TableBlock id="dash-directives" title={t('dash.tables.directives')} onExport={exportTable('directives')}>
        {report.directives.length === 0 ? (
          <p className="empty">{t('dash.tables.none')}</p>
        ) : (
          <table className="dash-table" data-testid="table-directives">
            <thead>
              <tr>
                <th scope="col">{t('dash.tables.directive')}</th>
                <BucketHeads order={OVERDUE_FIRST} />
              </tr>
            </thead>
            <tbody>
              {report.directives.map((d) => (
                <tr key={d.key}>
                  <th scope="row">
                    <Link href={`/tasks/${d.key}`}>{d.title}</Link>
                  </th>
                  <BucketCells buckets={d.buckets} order={OVERDUE_FIRST} />
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </TableBlock>
    </div>
  );
}
