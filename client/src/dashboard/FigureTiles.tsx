import { AGE_BANDS, type Bucket, type Figures } from '@thongsuot/shared/dashboard/measures';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { formatNumber } from '../i18n/i18n.ts';
import { BUCKET_COLORS } from './bucket-colors.ts';
import { formatPercent } from './dash-format.ts';
import { bucketTiles } from './dash-view.ts';
import './figures.css';

/**
 * The four buckets of a set of assignments (docs/design.md §14), each with its count and its share
 * of all, and the on-time rate; on the dashboard each tile opens the list behind it.
 */
export function BucketTiles({
  figures,
  hrefOf,
}: {
  figures: Pick<Figures, 'total' | 'buckets' | 'onTimeRate'>;
  /** Where a tile leads; tiles are plain figures without it. */
  hrefOf?: (bucket: Bucket) => string;
}) {
  const { t } = useTranslation();
  return (
    <div className="fig-tiles">
      {bucketTiles(figures).map(({ bucket, count, share }) => {
        const body = (
          <>
            <span className="fig-tile-label">{t(`dash.bucket.${bucket}`)}</span>
            <span className="fig-tile-count">{formatNumber(count)}</span>
            <span className="fig-tile-share">
              {share === null ? '' : t('dash.share', { rate: formatPercent(share) })}
            </span>
          </>
        );
        const style = { '--bucket': BUCKET_COLORS[bucket] } as CSSProperties;
        return hrefOf ? (
          <Link key={bucket} href={hrefOf(bucket)} className="fig-tile" style={style} data-testid={`tile-${bucket}`}>
            {body}
          </Link>
        ) : (
          <div key={bucket} className="fig-tile" style={style} data-testid={`tile-${bucket}`}>
            {body}
          </div>
        );
      })}
      <div className="fig-tile fig-rate" data-testid="on-time-rate">
        <span className="fig-tile-label">{t('dash.onTime')}</span>
        <span className="fig-tile-count">{figures.onTimeRate === null ? '—' : formatPercent(figures.onTimeRate)}</span>
        <span className="fig-tile-share">{figures.onTimeRate === null ? t('dash.notDecided') : ''}</span>
      </div>
      <p className="fig-hint">{t('dash.onTimeHint')}</p>
    </div>
  );
}

/** Overdue work by days late, and the extension requests nobody has decided. */
export function OverdueAges({ figures }: { figures: Pick<Figures, 'overdueAges' | 'extensionsPending'> }) {
  const { t } = useTranslation();
  return (
    <dl className="fig-list" data-testid="overdue-ages">
      <div className="fig-list-title">
        <dt>{t('dash.ages.title')}</dt>
      </div>
      {AGE_BANDS.map((band) => (
        <div key={band}>
          <dt>{t(`dash.ages.${band}`)}</dt>
          <dd>{formatNumber(figures.overdueAges[band])}</dd>
        </div>
      ))}
      <div className="fig-list-title">
        <dt>{t('dash.extensions')}</dt>
        <dd data-testid="extensions-pending">{formatNumber(figures.extensionsPending)}</dd>
      </div>
    </dl>
  );
}
