import { useTranslation } from 'react-i18next';
import { useUnitNames } from '../directory/use-units.ts';
import { downloadCsv } from '../export/csv.ts';
import { formatDate } from '../i18n/i18n.ts';
import { useOfficialNames } from '../tasks/use-official-names.ts';
import type { DossierRow } from './dossier-row.ts';
import { RangeExport } from './RangeExport.tsx';
import { outgoingRegisterCsvRows, registerFileName } from './register-csv.ts';

const HEADINGS = ['numberSymbol', 'date', 'typeAndSummary', 'signer', 'recipients', 'note'];

/** The outgoing register (sổ văn bản đi) for a range of days, as CSV (offline too). */
export function OutgoingRegisterExport({ rows }: { rows: readonly DossierRow[] }) {
  const { t } = useTranslation();
  const people = useOfficialNames(rows.flatMap((r) => (r.signedBy ? [r.signedBy] : [])));
  const units = useUnitNames();

  function download(from: string, to: string): void {
    const csv = outgoingRegisterCsvRows(rows, from, to, {
      headings: HEADINGS.map((h) => t(`outgoing.csv.${h}`)),
      docType: (type) => t(`documents.docTypes.${type}`),
      person: (id) => (id ? (people.get(id) ?? '') : ''),
      unit: (id) => units.get(id) ?? id,
      date: (iso) => formatDate(iso),
    });
    downloadCsv(registerFileName(from, to, 'outgoing'), csv);
  }

  return <RangeExport title={t('outgoing.exportOutgoing')} testId="export-outgoing-register" onDownload={download} />;
}
