import { docId as makeDocId, newId } from '@thongsuot/shared/ids';
import { type DossierFile, readDossier, registerIncoming } from '@thongsuot/shared/model/dossier';
import { vietnamDate } from '@thongsuot/shared/model/receipts';
import { useLiveQuery } from 'dexie-react-hooks';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useSearch } from 'wouter';
import { AttachmentPicker } from '../attachments/AttachmentPicker.tsx';
import { keepFiles, type PreparedFile } from '../attachments/attachment-store.ts';
import { Field, TextField } from '../forms/Field.tsx';
import { usePlatform } from '../shell/platform-context.ts';
import { today } from '../tasks/deadline.ts';
import { usePerson } from '../tasks/person.ts';
import { type Confidentiality, type DocType, DocumentKindFields, type Urgency } from './DocumentKindFields.tsx';
import { useIsClerk } from './use-documents.ts';

type Errors = Partial<Record<'issuingBody' | 'numberSymbol' | 'summary' | 'date', string>>;

/**
 * The clerk enters an incoming document in the unit's register, offline too: its facts and its
 * files are kept on the device and it shows "chờ cấp số" until the relay gives its number.
 */
export function RegisterIncomingForm() {
  const { t } = useTranslation();
  const person = usePerson();
  const clerk = useIsClerk(person);
  const { db, repository, uploads } = usePlatform();
  const [, navigate] = useLocation();
  const [issuingBody, setIssuingBody] = useState('');
  const [numberSymbol, setNumberSymbol] = useState('');
  const [date, setDate] = useState(today());
  const [docType, setDocType] = useState<DocType>('cong_van');
  const [urgency, setUrgency] = useState<Urgency>('thuong');
  const [confidentiality, setConfidentiality] = useState<Confidentiality>('thuong');
  const [summary, setSummary] = useState('');
  const [files, setFiles] = useState<PreparedFile[]>([]);
  const [named, setNamed] = useState<Set<string>>(new Set());
  const [preparing, setPreparing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  // Delivered from another unit's issued document: the form is filled from it, the clerk checks it.
  const from = new URLSearchParams(useSearch()).get('from');
  const [origin, setOrigin] = useState<{ id: string; files: readonly DossierFile[] } | null>(null);
  useEffect(() => {
    if (!from) return;
    let live = true;
    void repository()
      .then((docs) => docs.open(makeDocId('dossier', from)))
      .then((doc) => {
        const source = readDossier(doc);
        if (!live || !source || source.kind !== 'outgoing' || !source.register) return;
        setIssuingBody(source.issuingBody);
        setNumberSymbol(`${source.register.number}/${source.numberSymbol}`);
        setDate(vietnamDate(source.register.at));
        setDocType(source.docType);
        setUrgency(source.urgency);
        setConfidentiality(source.confidentiality);
        setSummary(source.summary);
        setOrigin({ id: source.id, files: source.files });
      });
    return () => {
      live = false;
    };
  }, [from, repository]);
  const leaders = useLiveQuery(
    async () => (await db.officials.where('unitId').equals(person.unitId).toArray()).filter((o) => (o.rank ?? 9) <= 2),
    [person.unitId],
  );

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    const required = (value: string, field: keyof Errors) =>
      value.trim() ? undefined : t('documents.required', { field: t(`documents.${field}`).toLowerCase() });
    const found: Errors = {
      issuingBody: required(issuingBody, 'issuingBody'),
      numberSymbol: required(numberSymbol, 'numberSymbol'),
      summary: required(summary, 'summary'),
      date: required(date, 'date'),
    };
    setErrors(found);
    if (Object.values(found).some(Boolean)) return;
    setBusy(true);
    try {
      const at = Date.now();
      // The files are on the device and queued before the document that references them is written.
      const refs = files.length > 0 ? await keepFiles(db, files) : [];
      // The issued document's files are already on the server; the register refers to the same bytes.
      const delivered = (origin?.files ?? []).map(({ at: _at, by: _by, ...ref }) => ref);
      const id = newId();
      const docs = await repository();
      const doc = await docs.open(makeDocId('dossier', id));
      registerIncoming(doc, {
        id,
        unitId: person.unitId,
        by: person.id,
        at,
        issuingBody: issuingBody.trim(),
        numberSymbol: numberSymbol.trim(),
        date,
        docType,
        urgency,
        confidentiality,
        summary: summary.trim(),
        files: [...delivered, ...refs],
        ...(origin ? { origin: origin.id } : {}),
        ...(confidentiality !== 'thuong' ? { named: [...named] } : {}),
      });
      await docs.flushed();
      if (refs.length > 0) uploads.kick();
      navigate(`/${id}`);
    } finally {
      setBusy(false);
    }
  }

  if (clerk === false) return <p className="notice">{t('documents.notClerk')}</p>;
  return (
    <section aria-labelledby="register-heading">
      <h1 id="register-heading">{t('documents.register')}</h1>
      {origin && (
        <p className="notice" data-testid="prefilled">
          {t('outgoing.prefilled', { number: numberSymbol, unit: issuingBody })}
        </p>
      )}
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <TextField
          label={t('documents.issuingBody')}
          name="issuing-body"
          value={issuingBody}
          onChange={(v) => {
            setIssuingBody(v);
            if (errors.issuingBody) setErrors({ ...errors, issuingBody: undefined });
          }}
          max={300}
          required
          error={errors.issuingBody}
        />
        <TextField
          label={t('documents.numberSymbol')}
          name="number-symbol"
          value={numberSymbol}
          onChange={(v) => {
            setNumberSymbol(v);
            if (errors.numberSymbol) setErrors({ ...errors, numberSymbol: undefined });
          }}
          max={60}
          required
          error={errors.numberSymbol}
        />
        <Field label={t('documents.date')} error={errors.date}>
          <input type="date" name="date" value={date} onChange={(e) => setDate(e.target.value)} />
        </Field>
        <DocumentKindFields
          docType={docType}
          urgency={urgency}
          confidentiality={confidentiality}
          onDocType={setDocType}
          onUrgency={setUrgency}
          onConfidentiality={setConfidentiality}
        />
        {confidentiality !== 'thuong' && (
          <fieldset className="named">
            <legend>{t('documents.named')}</legend>
            {(leaders ?? []).map((o) => (
              <label key={o.id} className="check">
                <input
                  type="checkbox"
                  checked={named.has(o.id)}
                  onChange={(e) => {
                    const next = new Set(named);
                    if (e.target.checked) next.add(o.id);
                    else next.delete(o.id);
                    setNamed(next);
                  }}
                />
                {o.fullName} · {o.position}
              </label>
            ))}
          </fieldset>
        )}
        <TextField
          label={t('documents.summary')}
          name="summary"
          value={summary}
          onChange={(v) => {
            setSummary(v);
            if (errors.summary) setErrors({ ...errors, summary: undefined });
          }}
          max={2_000}
          rows={3}
          required
          error={errors.summary}
        />
        {origin && origin.files.length > 0 && (
          <div className="delivered-files" data-testid="delivered-files">
            <p className="task-meta">{t('outgoing.deliveredFiles')}</p>
            <ul>
              {origin.files.map((f) => (
                <li key={f.sha256}>{f.name}</li>
              ))}
            </ul>
          </div>
        )}
        <AttachmentPicker files={files} onChange={setFiles} onBusy={setPreparing} />
        <button type="submit" className="button button-primary" disabled={busy || preparing}>
          {t('documents.save')}
        </button>
      </form>
    </section>
  );
}
