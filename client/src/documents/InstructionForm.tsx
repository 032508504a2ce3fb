import { newId } from '@thongsuot/shared/ids';
import type { Recipient } from '@thongsuot/shared/model/assignment';
import { type Dossier, markForInformation } from '@thongsuot/shared/model/dossier';
import { NewTaskSchema } from '@thongsuot/shared/model/task';
import type { UnitKind } from '@thongsuot/shared/org/org-unit';
import { sourceLevelOfUnit } from '@thongsuot/shared/org/source-level';
import { parseOrThrow } from '@thongsuot/shared/validation/parse';
import { useLiveQuery } from 'dexie-react-hooks';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'wouter';
import { useUnits } from '../directory/use-units.ts';
import { Field, SelectField, TextField } from '../forms/Field.tsx';
import { usePlatform } from '../shell/platform-context.ts';
import { perform } from '../store/intents.ts';
import { addDays, today } from '../tasks/deadline.ts';
import { usePerson } from '../tasks/person.ts';
import { assignableUnits } from '../tasks/recipient-groups.ts';

const key = (r: Recipient) => `${r.kind}:${r.id}`;
const parse = (value: string): Recipient | null => {
  const [kind, id] = value.split(':');
  return (kind === 'unit' || kind === 'person') && id ? { kind, id } : null;
};

/**
 * The unit leader's instruction on an incoming document: who leads (chủ trì), who cooperates
 * (phối hợp), by when — creating the work through the task machinery, linked both ways with the
 * document, as one action a reload cannot cut in half (store/intents.ts). Or "for information".
 */
export function InstructionForm({ dossier, docId }: { dossier: Dossier; docId: string }) {
  const { t } = useTranslation();
  const person = usePerson();
  const { db, repository } = usePlatform();
  const [, navigate] = useLocation();
  const units = useUnits();
  const people = useLiveQuery(
    async () => (await db.officials.where('unitId').equals(person.unitId).toArray()).filter((o) => o.id !== person.id),
    [person.unitId, person.id],
  );
  const [text, setText] = useState('');
  const [lead, setLead] = useState('');
  const [cooperating, setCooperating] = useState<string[]>([]);
  const [deadline, setDeadline] = useState(addDays(today(), 7));
  const [errors, setErrors] = useState<{ text?: string; lead?: string }>({});
  const [busy, setBusy] = useState(false);
  const options = [
    ...(people ?? []).map((o) => ({ value: `person:${o.id}`, label: `${o.fullName} · ${o.position}` })),
    ...assignableUnits(units ?? [], person.unitId).map((u) => ({ value: `unit:${u.id}`, label: u.name })),
  ];
  // The work is given at the leader's own level (a ward's leader: phường, xã, đặc khu), as any directive.
  const ownKind = units?.find((u) => u.id === person.unitId)?.kind as UnitKind | undefined;
  const ownLevel = ownKind ? sourceLevelOfUnit(ownKind, person.unitId) : 'city_people_committee';
  const labelOf = (value: string) => options.find((o) => o.value === value)?.label ?? value;

  async function assign(event: FormEvent): Promise<void> {
    event.preventDefault();
    const chosenLead = parse(lead);
    const found = {
      ...(text.trim() ? {} : { text: t('documents.required', { field: t('documents.instruction').toLowerCase() }) }),
      ...(chosenLead ? {} : { lead: t('documents.chooseLead') }),
    };
    setErrors(found);
    if (!chosenLead || Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      const at = Date.now();
      const taskId = newId();
      const others = cooperating.map(parse).filter((r): r is Recipient => r !== null && key(r) !== key(chosenLead));
      const recipients = [chosenLead, ...others];
      const directive = {
        title: dossier.summary.slice(0, 500),
        body: `${text.trim()}\n\n${t('documents.fromDocument')} ${dossier.numberSymbol} — ${dossier.issuingBody}`,
        issuerId: person.id,
        issuerUnitId: person.unitId,
        deadline,
        priority:
          dossier.urgency === 'thuong'
            ? ('normal' as const)
            : dossier.urgency === 'khan'
              ? ('urgent' as const)
              : ('flash' as const),
        reference: dossier.numberSymbol.slice(0, 100),
        sourceLevel: ownLevel,
        sourceDossierId: dossier.id,
        ...(dossier.files.length > 0
          ? { attachments: dossier.files.map(({ at: _a, by: _b, ...ref }) => ref).slice(0, 20) }
          : {}),
        recipients,
        at,
      };
      parseOrThrow(NewTaskSchema, { ...directive, id: taskId }, 'directive');
      const unitIds = recipients.filter((r) => r.kind === 'unit').map((r) => r.id);
      await perform(
        { db, repository: await repository() },
        {
          kind: 'instruct',
          dossierDocId: docId,
          taskId,
          directive,
          instruction: {
            by: person.id,
            at,
            text: text.trim(),
            lead: chosenLead,
            cooperating: others,
            deadline,
            taskId,
          },
          caseGroup: unitIds.length > 0 ? { taskId, title: directive.title, issuerId: person.id, unitIds, at } : null,
        },
      );
      navigate(`~/tasks/${taskId}`);
    } finally {
      setBusy(false);
    }
  }

  async function forInformation(): Promise<void> {
    setBusy(true);
    try {
      const docs = await repository();
      const doc = await docs.open(docId);
      markForInformation(doc, person.id, Date.now());
      await docs.flushed();
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form instruction-form" onSubmit={(e) => void assign(e)} noValidate>
      <h2>{t('documents.instruct')}</h2>
      <TextField
        label={t('documents.instruction')}
        name="instruction"
        value={text}
        onChange={setText}
        max={4_000}
        rows={3}
        required
        error={errors.text}
      />
      <SelectField
        label={t('documents.lead')}
        name="lead"
        value={lead}
        options={options}
        onChange={setLead}
        placeholder={t('documents.choose')}
        error={errors.lead}
      />
      <SelectField
        label={t('documents.addCooperating')}
        name="cooperating"
        value=""
        options={options}
        onChange={(value) => setCooperating([...new Set([...cooperating, value])])}
        placeholder={t('documents.choose')}
      />
      {cooperating.length > 0 && (
        <ul className="chosen" aria-label={t('documents.cooperating')}>
          {cooperating.map((c) => (
            <li key={c}>
              <button
                type="button"
                className="chip chip-on"
                onClick={() => setCooperating(cooperating.filter((x) => x !== c))}
              >
                {labelOf(c)} ✕
              </button>
            </li>
          ))}
        </ul>
      )}
      <Field label={t('documents.deadline')}>
        <input
          type="date"
          name="deadline"
          value={deadline}
          min={today()}
          onChange={(e) => setDeadline(e.target.value)}
        />
      </Field>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {t('documents.assign')}
        </button>
        <button type="button" className="button" disabled={busy} onClick={() => void forInformation()}>
          {t('documents.forInformation')}
        </button>
      </div>
    </form>
  );
}
