import { docId as makeDocId, newId } from '@thongsuot/shared/ids';
import {
  addDossierFile,
  correctDossierFacts,
  type Dossier,
  draftOutgoing,
  editDraft,
  readDossier,
} from '@thongsuot/shared/model/dossier';
import { foldVietnamese } from '@thongsuot/shared/text/fold';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'wouter';
import { AttachmentPicker } from '../attachments/AttachmentPicker.tsx';
import { keepFiles, type PreparedFile } from '../attachments/attachment-store.ts';
import { useUnits } from '../directory/use-units.ts';
import { Field, TextField } from '../forms/Field.tsx';
import { usePlatform } from '../shell/platform-context.ts';
import { today } from '../tasks/deadline.ts';
import { usePerson } from '../tasks/person.ts';
import { type Confidentiality, type DocType, DocumentKindFields, type Urgency } from './DocumentKindFields.tsx';

type Errors = Partial<Record<'numberSymbol' | 'summary' | 'recipients', string>>;

/** Nơi nhận: units found by name with or without diacritics; the chosen ones stay listed. */
function RecipientUnits({
  chosen,
  onChange,
  error,
}: {
  chosen: string[];
  onChange: (ids: string[]) => void;
  error?: string;
}) {
  const { t } = useTranslation();
  const units = useUnits() ?? [];
  const [query, setQuery] = useState('');
  const folded = foldVietnamese(query.trim());
  const names = new Map(units.map((u) => [u.id, u.name]));
  const found = folded
    ? units.filter((u) => !chosen.includes(u.id) && foldVietnamese(u.name).includes(folded)).slice(0, 8)
    : [];
  return (
    <Field label={t('outgoing.recipients')} error={error}>
      <div className="recipient-units">
        {chosen.length > 0 && (
          <ul className="chips" data-testid="recipient-chips">
            {chosen.map((id) => (
              <li key={id} className="chip">
                {names.get(id) ?? id}
                <button
                  type="button"
                  className="chip-remove"
                  aria-label={`${t('outgoing.remove')} ${names.get(id) ?? id}`}
                  onClick={() => onChange(chosen.filter((c) => c !== id))}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
        <input
          type="search"
          name="recipient-search"
          placeholder={t('outgoing.findUnit')}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        {found.length > 0 && (
          <ul className="unit-matches">
            {found.map((u) => (
              <li key={u.id}>
                <button
                  type="button"
                  className="unit-match"
                  onClick={() => {
                    onChange([...chosen, u.id]);
                    setQuery('');
                  }}
                >
                  + {u.name}
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </Field>
  );
}

/**
 * A specialist drafts an outgoing document (offline too): type, symbol, summary, text, urgency,
 * confidentiality, recipients and files. Its number is given only when a clerk issues it. With
 * `id`, the drafter edits a draft or one returned to them.
 */
export function OutgoingForm({ id, existing }: { id?: string; existing?: Dossier }) {
  const { t } = useTranslation();
  const person = usePerson();
  const { db, repository, uploads } = usePlatform();
  const [, navigate] = useLocation();
  const units = useUnits();
  const [docType, setDocType] = useState<DocType>(existing?.docType ?? 'cong_van');
  const [numberSymbol, setNumberSymbol] = useState(existing?.numberSymbol ?? '');
  const [summary, setSummary] = useState(existing?.summary ?? '');
  const [body, setBody] = useState(existing?.body ?? '');
  const [urgency, setUrgency] = useState<Urgency>(existing?.urgency ?? 'thuong');
  const [confidentiality, setConfidentiality] = useState<Confidentiality>(existing?.confidentiality ?? 'thuong');
  const [recipients, setRecipients] = useState<string[]>([...(existing?.recipients ?? [])]);
  const [files, setFiles] = useState<PreparedFile[]>([]);
  const [preparing, setPreparing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [issuingBody, setIssuingBody] = useState(existing?.issuingBody ?? '');
  useEffect(() => {
    if (!issuingBody && units) setIssuingBody(units.find((u) => u.id === person.unitId)?.name ?? '');
  }, [units, issuingBody, person.unitId]);

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    const found: Errors = {
      numberSymbol: numberSymbol.trim()
        ? undefined
        : t('documents.required', { field: t('outgoing.symbolShort').toLowerCase() }),
      summary: summary.trim() ? undefined : t('documents.required', { field: t('documents.summary').toLowerCase() }),
      recipients: recipients.length > 0 ? undefined : t('outgoing.chooseRecipient'),
    };
    setErrors(found);
    if (Object.values(found).some(Boolean)) return;
    setBusy(true);
    try {
      const at = Date.now();
      const refs = files.length > 0 ? await keepFiles(db, files) : [];
      const docs = await repository();
      const key = id ?? newId();
      const doc = await docs.open(makeDocId('dossier', key));
      const facts = {
        issuingBody: issuingBody || person.unitId,
        numberSymbol: numberSymbol.trim(),
        date: existing?.date ?? today(),
        docType,
        urgency,
        confidentiality,
        summary: summary.trim(),
      };
      if (id && readDossier(doc)) {
        doc.transact(() => {
          correctDossierFacts(doc, facts);
          editDraft(doc, { body, recipients });
          for (const ref of refs) addDossierFile(doc, ref, person.id, at);
        });
      } else {
        draftOutgoing(doc, {
          id: key,
          unitId: person.unitId,
          by: person.id,
          at,
          ...facts,
          body,
          recipients,
          files: refs,
        });
      }
      await docs.flushed();
      if (refs.length > 0) uploads.kick();
      navigate(`/${key}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="draft-heading">
      <h1 id="draft-heading">{id ? t('outgoing.editDraft') : t('outgoing.draftTitle')}</h1>
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <TextField
          label={t('outgoing.symbol')}
          name="symbol"
          value={numberSymbol}
          onChange={(v) => {
            setNumberSymbol(v);
            if (errors.numberSymbol) setErrors({ ...errors, numberSymbol: undefined });
          }}
          max={60}
          required
          error={errors.numberSymbol}
        />
        <TextField
          label={t('documents.summary')}
          name="summary"
          value={summary}
          onChange={(v) => {
            setSummary(v);
            if (errors.summary) setErrors({ ...errors, summary: undefined });
          }}
          max={2_000}
          rows={2}
          required
          error={errors.summary}
        />
        <TextField label={t('outgoing.body')} name="body" value={body} onChange={setBody} max={100_000} rows={8} />
        <DocumentKindFields
          docType={docType}
          urgency={urgency}
          confidentiality={confidentiality}
          onDocType={setDocType}
          onUrgency={setUrgency}
          onConfidentiality={setConfidentiality}
        />
        <RecipientUnits
          chosen={recipients}
          onChange={(ids) => {
            setRecipients(ids);
            if (errors.recipients) setErrors({ ...errors, recipients: undefined });
          }}
          error={errors.recipients}
        />
        <AttachmentPicker files={files} onChange={setFiles} onBusy={setPreparing} />
        <button type="submit" className="button button-primary" disabled={busy || preparing} data-testid="save-draft">
          {t('outgoing.saveDraft')}
        </button>
      </form>
    </section>
  );
}
