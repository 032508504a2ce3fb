import { mayAssignToUnits } from '@thongsuot/shared/access/capabilities';
import { docId as makeDocId, newId } from '@thongsuot/shared/ids';
import { CITY_OFFICE_ID } from '@thongsuot/shared/org/city-structure';
import type { UnitKind } from '@thongsuot/shared/org/org-unit';
import { HIGHER_SOURCE_LEVELS, type SourceLevel, sourceLevelOfUnit } from '@thongsuot/shared/org/source-level';
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useSearch } from 'wouter';
import { AttachmentPicker } from '../attachments/AttachmentPicker.tsx';
import { keepFiles, type PreparedFile } from '../attachments/attachment-store.ts';
import { type DirectivePrefill, prefillFromConversation } from '../conversations/task-from-conversation.ts';
import { useUnits } from '../directory/use-units.ts';
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
  const [error, setError] = useState<string | null>(null);
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
    if (!title.trim()) {
      setError(t('directive.errors.title'));
      return;
    }
    if (chosen.size === 0) {
      setError(t('directive.errors.recipients'));
      return;
    }
    if (deadline < today()) {
      setError(t('directive.errors.deadline'));
      return;
    }
    setError(null);
    setBusy(true);
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
        <label>
          {t('newTask.taskTitle')}
          <input name="title" value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={500} />
        </label>
        <label>
          {t('directive.body')}
          <textarea name="body" value={body} onChange={(e) => setBody(e.target.value)} rows={4} />
        </label>
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
          <label>
            {t('newTask.deadline')}
            <input
              type="date"
              name="deadline"
              value={deadline}
              min={today()}
              onChange={(e) => setDeadline(e.target.value)}
              required
            />
          </label>
        </div>
        <label>
          {t('directive.reference')}
          <input name="reference" value={reference} onChange={(e) => setReference(e.target.value)} maxLength={80} />
        </label>
        <AttachmentPicker files={files} onChange={setFiles} onBusy={setPreparing} />
        <RecipientPicker units={choices} chosen={chosen} onChange={setChosen} />
        {error && (
          <p className="notice notice-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="button button-primary" disabled={busy || preparing}>
          {t('newTask.submit')}
        </button>
      </form>
    </section>
  );
}
