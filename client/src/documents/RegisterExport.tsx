import { useTranslation } from 'react-i18next';
import { useUnitNames } from '../directory/use-units.ts';
import { downloadCsv } from '../export/csv.ts';
import { formatDate } from '../i18n/i18n.ts';
import { formatDateTime } from '../tasks/format.ts';
import { useOfficialNames } from '../tasks/use-official-names.ts';
import type { DossierRow } from './dossier-row.ts';
import { RangeExport } from './RangeExport.tsx';
import { registerCsvRows, registerFileName } from './register-csv.ts';

const HEADINGS = ['number', 'receivedAt', 'issuingBody', 'numberSymbol', 'date', 'typeAndSummary', 'lead', 'handling'];

/** The incoming register for a range of days, as a CSV file Excel opens with Vietnamese intact (offline too). */
export function RegisterExport({ rows }: { rows: readonly DossierRow[] }) {
  const { t } = useTranslation();
  const leads = rows.flatMap((r) => (r.lead ? [r.lead] : []));
  const people = useOfficialNames(leads.filter((l) => l.startsWith('person:')).map((l) => l.slice('person:'.length)));
  const units = useUnitNames();
  const leadName = (row: DossierRow): string => {
    if (!row.lead) return '';
    const [kind, id = ''] = row.lead.split(':');
    return (kind === 'unit' ? units.get(id) : people.get(id)) ?? '';
  };

  function download(from: string, to: string): void {
    const csv = registerCsvRows(rows, from, to, {
      headings: HEADINGS.map((h) => t(`documents.csv.${h}`)),
      docType: (type) => t(`documents.docTypes.${type}`),
      handling: (row) => t(`documents.handlingStates.${row.handling}`),
      lead: leadName,
      awaitingNumber: t('documents.awaitingNumber'),
      date: (iso) => formatDate(iso),
      time: (at) => formatDateTime(at),
    });
    downloadCsv(registerFileName(from, to), csv);
  }

  return <RangeExport title={t('documents.exportRegister')} testId="export-register" onDownload={download} />;
}
