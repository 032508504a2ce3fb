import type { Person } from '@thongsuot/shared/access/principal';
import type { Dossier } from '@thongsuot/shared/model/dossier';
import type { UnitPage } from '@thongsuot/shared/model/unit-page';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { Field, TextField } from '../forms/Field.tsx';
import { formatDate } from '../i18n/i18n.ts';
import { usePlatform } from '../shell/platform-context.ts';
import { ChainPicker, useUnitPeople } from './ChainPicker.tsx';
import { actOutgoing, approveOrSign, StaleDocumentError, submitOutgoing } from './outgoing-actions.ts';

type Mode = 'idle' | 'return' | 'forward';

/** What this person may do to the document now, and nothing else: the relay checks the same. */
export function OutgoingActions({
  docId,
  dossier,
  page,
  person,
  name,
}: {
  docId: string;
  dossier: Dossier;
  page: UnitPage | null;
  person: Person;
  name: (id: string) => string;
}) {
  const { t } = useTranslation();
  const platform = usePlatform();
  const { people } = useUnitPeople(dossier.unitId);
  const [busy, setBusy] = useState(false);
  const [mode, setMode] = useState<Mode>('idle');
  const [comment, setComment] = useState('');
  const [to, setTo] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const id = docId.slice('dossier/'.length);
  const state = dossier.flowState;
  const clerk = page?.roles.some((r) => r.personId === person.id && r.role === 'clerk') ?? false;

  async function run(action: () => Promise<void>, note: string | null = null): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      await action();
      setMode('idle');
      setComment('');
      setDone(note);
    } catch (e) {
      setError(e instanceof StaleDocumentError ? t('outgoing.stale') : e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  const feedback = (
    <>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {done && (
        <p className="muted" role="status" data-testid="action-done">
          {done}
        </p>
      )}
    </>
  );

  if (state.status === 'draft' || state.status === 'returned') {
    if (person.id !== dossier.createdBy) return null;
    return (
      <div className="flow-actions">
        <Link href={`/${id}/edit`} className="button" data-testid="edit-draft">
          {t('outgoing.editDraft')}
        </Link>
        <ChainPicker
          busy={busy}
          onSubmit={(chain, issueDeadline) => void run(() => submitOutgoing(platform, id, chain, issueDeadline))}
        />
        {feedback}
      </div>
    );
  }
  if (state.status === 'in_review' && state.current) {
    const step = state.current;
    if (step.holder !== person.id) {
      return (
        <>
          <p className="muted" data-testid="waiting-for">
            {t('outgoing.waitingFor', {
              name: name(step.holder),
              action: t(`outgoing.roles.${step.role}`).toLowerCase(),
              deadline: formatDate(step.deadline),
            })}
          </p>
          {feedback}
        </>
      );
    }
    return (
      <div className="flow-actions" data-testid="step-actions">
        {mode === 'idle' && (
          <div className="button-row">
            <button
              type="button"
              className="button button-primary"
              disabled={busy}
              data-testid="approve"
              onClick={() => void run(() => approveOrSign(platform, id, dossier), t('outgoing.signedOnDevice'))}
            >
              {busy ? t('outgoing.signing') : step.role === 'sign' ? t('outgoing.sign') : t('outgoing.approve')}
            </button>
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() => setMode('return')}
              data-testid="return"
            >
              {t('outgoing.returnIt')}
            </button>
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() => setMode('forward')}
              data-testid="forward"
            >
              {t('outgoing.forward')}
            </button>
          </div>
        )}
        {mode === 'return' && (
          <form
            className="form"
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              if (!comment.trim()) return setError(t('outgoing.returnRequired'));
              void run(() => actOutgoing(platform, id, dossier, { type: 'return', comment: comment.trim() }));
            }}
          >
            <TextField
              label={t('outgoing.returnComment')}
              name="return-comment"
              value={comment}
              onChange={setComment}
              max={2_000}
              rows={3}
              required
            />
            <div className="button-row">
              <button type="submit" className="button button-primary" disabled={busy} data-testid="confirm-return">
                {t('outgoing.returnIt')}
              </button>
              <button type="button" className="button" onClick={() => setMode('idle')}>
                {t('outgoing.cancel')}
              </button>
            </div>
          </form>
        )}
        {mode === 'forward' && (
          <form
            className="form"
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              if (!to) return setError(t('outgoing.chooseForward'));
              void run(() => actOutgoing(platform, id, dossier, { type: 'forward', to, comment: comment.trim() }));
            }}
          >
            <Field label={t('outgoing.forwardTo')}>
              <select name="forward-to" value={to} onChange={(e) => setTo(e.target.value)}>
                <option value="">{t('documents.choose')}</option>
                {people
                  .filter((p) => p.id !== person.id)
                  .map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.fullName} · {p.position}
                    </option>
                  ))}
              </select>
            </Field>
            <TextField
              label={t('outgoing.forwardComment')}
              name="forward-comment"
              value={comment}
              onChange={setComment}
              max={2_000}
              rows={2}
            />
            <div className="button-row">
              <button type="submit" className="button button-primary" disabled={busy}>
                {t('outgoing.confirm')}
              </button>
              <button type="button" className="button" onClick={() => setMode('idle')}>
                {t('outgoing.cancel')}
              </button>
            </div>
          </form>
        )}
        {feedback}
      </div>
    );
  }
  if (state.status === 'awaiting_issue') {
    if (!clerk) {
      return (
        <>
          <p className="muted">{t('outgoing.waitingClerk', { deadline: formatDate(state.issueDeadline ?? '') })}</p>
          {feedback}
        </>
      );
    }
    return (
      <div className="flow-actions">
        <button
          type="button"
          className="button button-primary"
          disabled={busy}
          data-testid="issue"
          onClick={() => void run(() => actOutgoing(platform, id, dossier, { type: 'issue' }))}
        >
          {t('outgoing.issue')}
        </button>
        {feedback}
      </div>
    );
  }
  if (state.status === 'issuing')
    return (
      <p className="notice" data-testid="issuing">
        {t('outgoing.waitingNumber')}
      </p>
    );
  return feedback;
}
