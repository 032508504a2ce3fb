import { mayAssignToUnits } from '@thongsuot/shared/access/capabilities';
import { docId as makeDocId, newId } from '@thongsuot/shared/ids';
import { NewTaskSchema } from '@thongsuot/shared/model/task';
import { CITY_OFFICE_ID } from '@thongsuot/shared/org/city-structure';
import type { UnitKind } from '@thongsuot/shared/org/org-unit';
import { HIGHER_SOURCE_LEVELS, type SourceLevel, sourceLevelOfUnit } from '@thongsuot/shared/org/source-level';
import { parseOrThrow } from '@thongsuot/shared/validation/parse';
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useSearch } from 'wouter';
import { AttachmentPicker } from '../attachments/AttachmentPicker.tsx';
import { keepFiles, type PreparedFile } from '../attachments/attachment-store.ts';
import { type DirectivePrefill, prefillFromConversation } from '../conversations/task-from-conversation.ts';
import { useUnits } from '../directory/use-units.ts';
import { Field, FieldError, TextField } from '../forms/Field.tsx';
import { usePlatform } from '../shell/platform-context.ts';
import { perform } from '../store/intents.ts';
import { addDays, today } from './deadline.ts';
import { usePerson } from './person.ts';
import { RecipientPicker } from './RecipientPicker.tsx';
import { assignableUnits } from './recipient-groups.ts';
import './tasks.css';

const PRIORITIES = ['normal', 'urgent', 'flash'] as const;

/**
 * A new directive: title, content, where it comes from, priority, deadline, and the recipient
 * units — one, a group or all 184 — in one action. Works the same offline.
 */
interface DirectiveErrors {
  readonly title?: string;
  readonly recipients?: string;
  readonly deadline?: string;
  readonly submit?: string;
}

export function NewTaskForm() {
  const { t } = useTranslation();
  const { user, repository, db, uploads } = usePlatform();
  const person = usePerson();
  const units = useUnits();
  const [, navigate] = useLocation();
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [reference, setReference] = useState('');
  const [priority, setPriority] = useState<(typeof PRIORITIES)[number]>('normal');
  const [deadline, setDeadline] = useState(addDays(today(), 7));
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [errors, setErrors] = useState<DirectiveErrors>({});
  const [busy, setBusy] = useState(false);
  const [files, setFiles] = useState<PreparedFile[]>([]);
  const [preparing, setPreparing] = useState(false);
  const choices = useMemo(() => assignableUnits(units ?? [], user.unitId), [units, user.unitId]);
  const ownKind = units?.find((u) => u.id === user.unitId)?.kind as UnitKind | undefined;
  const ownLevel = ownKind ? sourceLevelOfUnit(ownKind, user.unitId) : 'city_people_committee';
  const levels: readonly SourceLevel[] =
    user.unitId === CITY_OFFICE_ID ? [ownLevel, ...HIGHER_SOURCE_LEVELS] : [ownLevel];
  const [sourceLevel, setSourceLevel] = useState<SourceLevel | ''>('');
  // Assigned from a conversation (`?from=<conversation id>&title=<selected text>`): prefilled from it.
  const search = new URLSearchParams(useSearch());
  const from = search.get('from');
  const selected = search.get('title') ?? '';
  const [prefill, setPrefill] = useState<DirectivePrefill | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: prefilled once per conversation
  useEffect(() => {
    if (!from) return;
    let live = true;
    void repository()
      .then((docs) => prefillFromConversation(db, docs, makeDocId('conv', from), person, selected))
      .then((p) => {
        if (!live || !p) return;
        setPrefill(p);
        setTitle(p.title);
        setChosen(new Set(p.unitIds));
      })
      .catch((error: unknown) => console.error('not prefilled', error));
    return () => {
      live = false;
    };
  }, [from]);

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    // Every problem at once, each next to its field.
    const found: DirectiveErrors = {
      ...(title.trim() ? {} : { title: t('directive.errors.title') }),
      ...(chosen.size > 0 ? {} : { recipients: t('directive.errors.recipients') }),
      ...(deadline && deadline >= today() ? {} : { deadline: t('directive.errors.deadline') }),
    };
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      await create();
    } catch (error) {
      console.error('directive not written', error);
      setErrors({ submit: t('directive.errors.notSaved') });
      setBusy(false);
    }
  }

  async function create(): Promise<void> {
    performance.mark('directive-submit');
    const docs = await repository();
    const at = Date.now();
    // The files are on the device and queued before the directive that references them is written.
    const attachments = files.length > 0 ? await keepFiles(db, files) : [];
    const directive = {
      title: title.trim(),
      body: body.trim(),
      issuerId: user.id,
      issuerUnitId: user.unitId,
      deadline,
      priority,
      sourceLevel: sourceLevel || ownLevel,
      ...(reference.trim() ? { reference: reference.trim() } : {}),
      ...(attachments.length > 0 ? { attachments } : {}),
      recipients: [...chosen].map((id) => ({ id, kind: 'unit' as const })),
      at,
    };
    const message = t('chat.taskAssigned', { title: title.trim() });
    // The directive, its case group (the issuer and the recipients' leaders) and, from a
    // conversation, the message linking it there: one action that a reload cannot cut in half.
    const taskId = newId();
    // Checked before the action is written down: an action that cannot be done is never replayed.
    parseOrThrow(NewTaskSchema, { ...directive, id: taskId }, 'directive');
    await perform(
      { db, repository: docs },
      {
        kind: 'directive',
        taskId,
        directive,
        caseGroup: { taskId, title: title.trim(), issuerId: user.id, unitIds: [...chosen], at },
        ...(prefill ? { fromConversation: { prefill, message, messageId: newId() } } : {}),
      },
    );
    // The benchmark's measure: form submitted → directive stored on the device with its outbox entry.
    performance.measure('directive-created', 'directive-submit');
    if (attachments.length > 0) uploads.kick();
    navigate(prefill ? `/conversations/${prefill.convDocId.slice('conv/'.length)}` : '/tasks');
  }

  if (!mayAssignToUnits(person)) {
    return (
      <section aria-labelledby="new-task-heading">
        <h1 id="new-task-heading">{t('newTask.title')}</h1>
        <p className="notice">{t('directive.notAllowed')}</p>
      </section>
    );
  }
  return (
    <section aria-labelledby="new-task-heading">
      <h1 id="new-task-heading">{t('newTask.title')}</h1>
      {units !== undefined && choices.length === 0 && <p className="notice">{t('newTask.noUnits')}</p>}
      {prefill && (
        <p className="notice" data-testid="from-conversation">
          {prefill.parent ? t('newTask.handDown', { title: prefill.parent.title }) : t('newTask.fromConversation')}
        </p>
      )}
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <TextField
          label={t('newTask.taskTitle')}
          name="title"
          value={title}
          onChange={setTitle}
          max={500}
          required
          error={errors.title}
        />
        <TextField label={t('directive.body')} name="body" value={body} onChange={setBody} max={100_000} rows={4} />
        {levels.length > 1 && (
          <label>
            {t('directive.source')}
            <select
              name="source"
              value={sourceLevel || ownLevel}
              onChange={(e) => setSourceLevel(e.target.value as SourceLevel)}
            >
              {levels.map((l) => (
                <option key={l} value={l}>
                  {t(`source.${l}`)}
                </option>
              ))}
            </select>
          </label>
        )}
        <div className="form-row">
          <label>
            {t('directive.priority')}
            <select
              name="priority"
              value={priority}
              onChange={(e) => setPriority(e.target.value as (typeof PRIORITIES)[number])}
            >
              {PRIORITIES.map((p) => (
                <option key={p} value={p}>
                  {t(`priority.${p}`)}
                </option>
              ))}
            </select>
          </label>
          <Field label={t('newTask.deadline')} error={errors.deadline}>
            <input
              type="date"
              name="deadline"
              value={deadline}
              min={today()}
              onChange={(e) => setDeadline(e.target.value)}
              aria-invalid={errors.deadline ? true : undefined}
            />
          </Field>
        </div>
        <TextField
          label={t('directive.reference')}
          name="reference"
          value={reference}
          onChange={setReference}
          max={80}
        />
        <AttachmentPicker files={files} onChange={setFiles} onBusy={setPreparing} />
        <RecipientPicker units={choices} chosen={chosen} onChange={setChosen} />
        <FieldError error={errors.recipients} />
        {errors.submit && (
          <p className="notice notice-error" role="alert">
            {errors.submit}
          </p>
        )}
        <button type="submit" className="button button-primary" disabled={busy || preparing}>
          {t('newTask.submit')}
        </button>
      </form>
    </section>
  );
}
