import { assignmentRows } from '@thongsuot/shared/dashboard/assignment-row';
import { figuresOf } from '@thongsuot/shared/dashboard/measures';
import { readReceipts, vietnamClock } from '@thongsuot/shared/model/receipts';
import type { Task } from '@thongsuot/shared/model/task';
import { useTranslation } from 'react-i18next';
import type * as Y from 'yjs';
import { addBucketMessages } from './bucket-messages.ts';

import { BucketTiles, OverdueAges } from './FigureTiles.tsx';

addBucketMessages();

/**
 * One directive's figures for its issuer side (docs/design.md §14), computed on the device with
 * the measures the relay publishes for units: the same buckets, rates and age bands, over this
 * task's assignments as the doc on the device holds them.
 */
export function DirectiveFigures({ doc, task }: { doc: Y.Doc; task: Task }) {
  const { t } = useTranslation();
  if (task.assignments.length === 0) return null;
  const now = Date.now();
  const figures = figuresOf(assignmentRows(task, readReceipts(doc)), now);
  return (
    <section className="directive-figures" aria-labelledby="directive-figures-heading" data-testid="directive-figures">
      <h2 id="directive-figures-heading">{t('dash.directive.title')}</h2>
      <p className="muted">
        {t('dash.directive.total', { count: figures.total })} · {t('dash.directive.hint', { time: vietnamClock(now) })}
      </p>
      <BucketTiles figures={figures} />
      {(figures.buckets.overdue > 0 || figures.extensionsPending > 0) && <OverdueAges figures={figures} />}
    </section>
  );
}
