import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../forms/Field.tsx';
import { addDays, today } from '../tasks/deadline.ts';

/** A register for a range of days (the last 30 by default), downloaded as CSV, offline too. */
export function RangeExport({
  title,
  testId,
  onDownload,
}: {
  title: string;
  testId: string;
  /** `from` ≤ `to`, whichever order the person typed them in. */
  onDownload: (from: string, to: string) => void;
}) {
  const { t } = useTranslation();
  const [from, setFrom] = useState(addDays(today(), -30));
  const [to, setTo] = useState(today());
  return (
    <details className="register-export">
      <summary>{title}</summary>
      <div className="form">
        <Field label={t('documents.from')}>
          <input type="date" name="from" value={from} onChange={(e) => setFrom(e.target.value)} />
        </Field>
        <Field label={t('documents.to')}>
          <input type="date" name="to" value={to} onChange={(e) => setTo(e.target.value)} />
        </Field>
        <button
          type="button"
          className="button"
          onClick={() => (from <= to ? onDownload(from, to) : onDownload(to, from))}
          data-testid={testId}
        >
          {t('documents.downloadCsv')}
        </button>
      </div>
    </details>
  );
}
