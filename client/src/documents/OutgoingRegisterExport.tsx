import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUnitNames } from '../directory/use-units.ts';
import { downloadCsv } from '../export/csv.ts';
import { Field } from '../forms/Field.tsx';
import { formatDate } from '../i18n/i18n.ts';
import { addDays, today } from '../tasks/deadline.ts';
import { useOfficialNames } from '../tasks/use-official-names.ts';
import type { DossierRow } from './dossier-row.ts';
import { outgoingRegisterCsvRows, registerFileName } from './register-csv.ts';

const HEADINGS = ['numberSymbol', 'date', 'typeAndSummary', 'signer', 'recipients', 'note'];

/** The outgoing register (sổ văn bản đi) for a range of days, as CSV (offline too). */
export function OutgoingRegisterExport({ rows }: { rows: readonly DossierRow[] }) {
  const { t } = useTranslation();
  const [from, setFrom] = useState(addDays(today(), -30));
  const [to, setTo] = useState(today());
  const people = useOfficialNames(rows.flatMap((r) => (r.signedBy ? [r.signedBy] : [])));
  const units = useUnitNames();

  function download(): void {
    const [a, b] = from <= to ? [from, to] : [to, from];
    const csv = outgoingRegisterCsvRows(rows, a, b, {
      headings: HEADINGS.map((h) => t(`outgoing.csv.${h}`)),
      docType: (type) => t(`documents.docTypes.${type}`),
      person: (id) => (id ? (people.get(id) ?? '') : ''),
      unit: (id) => units.get(id) ?? id,
      date: (iso) => formatDate(iso),
    });
    downloadCsv(registerFileName(a, b, 'outgoing'), csv);
  }

  return (
    <details className="register-export">
      <summary>{t('outgoing.exportOutgoing')}</summary>
      <div className="form">
        <Field label={t('documents.from')}>
          <input type="date" name="from" value={from} onChange={(e) => setFrom(e.target.value)} />
        </Field>
        <Field label={t('documents.to')}>
          <input type="date" name="to" value={to} onChange={(e) => setTo(e.target.value)} />
        </Field>
        <button type="button" className="button" onClick={download} data-testid="export-outgoing-register">
          {t('documents.downloadCsv')}
        </button>
      </div>
    </details>
  );
}
