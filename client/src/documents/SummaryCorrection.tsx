import { correctDossierFacts } from '@thongsuot/shared/model/dossier';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TextField } from '../forms/Field.tsx';
import { usePlatform } from '../shell/platform-context.ts';

/** The clerk corrects a registered document's summary (offline too); it merges with others' changes. */
export function SummaryCorrection({ docId, summary }: { docId: string; summary: string }) {
  const { t } = useTranslation();
  const { repository } = usePlatform();
  const [value, setValue] = useState(summary);
  const [error, setError] = useState<string | null>(null);
  const details = useRef<HTMLDetailsElement>(null);
  useEffect(() => setValue(summary), [summary]);

  async function save(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (!value.trim()) {
      setError(t('documents.required', { field: t('documents.summary').toLowerCase() }));
      return;
    }
    setError(null);
    const docs = await repository();
    correctDossierFacts(await docs.open(docId), { summary: value.trim() });
    await docs.flushed();
    // Saved on this device: the heading shows the new summary, so the form closes.
    if (details.current) details.current.open = false;
  }

  return (
    <details className="summary-correction" ref={details}>
      <summary>{t('documents.correctSummary')}</summary>
      <form className="form" onSubmit={(e) => void save(e)} noValidate>
        <TextField
          label={t('documents.newSummary')}
          name="correct-summary"
          value={value}
          onChange={setValue}
          max={2_000}
          rows={2}
          error={error}
        />
        <button type="submit" className="button">
          {t('documents.saveSummary')}
        </button>
      </form>
    </details>
  );
}
