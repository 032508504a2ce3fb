import type { ChainEntry } from '@thongsuot/shared/model/dossier-flow';
import { readUnitPage } from '@thongsuot/shared/model/unit-page';
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../forms/Field.tsx';
import { compareVi } from '../i18n/collate.ts';
import { usePlatform } from '../shell/platform-context.ts';
import { useLiveDoc } from '../store/use-live-doc.ts';
import { addDays, today } from '../tasks/deadline.ts';
import { usePerson } from '../tasks/person.ts';

interface Step {
  readonly personId: string;
  readonly deadline: string;
}

/** The unit's people on this device, most senior first, and who among them may sign (its page's roles). */
export function useUnitPeople(unitId: string) {
  const { db } = usePlatform();
  const people = useLiveQuery(
    async () =>
      (await db.officials.where('unitId').equals(unitId).toArray()).sort(
        (a, b) => (a.rank ?? 9) - (b.rank ?? 9) || compareVi(a.fullName, b.fullName),
      ),
    [unitId],
  );
  const { value: page } = useLiveDoc(`unit/${unitId}`, (docs) => docs.open(`unit/${unitId}`), readUnitPage);
  const signers = new Set((page?.roles ?? []).filter((r) => r.role === 'signer').map((r) => r.personId));
  const clerks = new Set((page?.roles ?? []).filter((r) => r.role === 'clerk').map((r) => r.personId));
  return { people: people ?? [], signers, clerks };
}

/**
 * The drafter chooses the review chain from the unit's people: reviewers in order (a division
 * head, a deputy, …), then one of those who may sign; each step with its deadline, and the
 * clerk's deadline to issue it.
 */
export function ChainPicker({
  busy,
  onSubmit,
}: {
  busy: boolean;
  onSubmit: (chain: ChainEntry[], issueDeadline: string) => void;
}) {
  const { t } = useTranslation();
  const person = usePerson();
  const { people, signers } = useUnitPeople(person.unitId);
  const [reviewers, setReviewers] = useState<Step[]>([]);
  const [signer, setSigner] = useState<Step>({ personId: '', deadline: addDays(today(), 2) });
  const [issueDeadline, setIssueDeadline] = useState(addDays(today(), 3));
  const [adding, setAdding] = useState('');
  const [error, setError] = useState<string | null>(null);
  const name = (id: string) => {
    const o = people.find((p) => p.id === id);
    return o ? `${o.fullName} · ${o.position}` : id;
  };
  const available = people.filter((p) => !reviewers.some((r) => r.personId === p.id));
  const signerChoices = people.filter((p) => signers.has(p.id));

  return (
    <fieldset className="chain-picker" data-testid="chain-picker">
      <legend>{t('outgoing.chainTitle')}</legend>
      <ol className="chain-steps">
        {reviewers.map((step, i) => (
          <li key={step.personId} className="chain-step">
            <span>
              {t('outgoing.reviewer')} {i + 1}: <strong>{name(step.personId)}</strong>
            </span>
            <label className="inline-date">
              {t('outgoing.stepDeadline')}
              <input
                type="date"
                value={step.deadline}
                onChange={(e) =>
                  setReviewers(reviewers.map((r, j) => (j === i ? { ...r, deadline: e.target.value } : r)))
                }
              />
            </label>
            <button
              type="button"
              className="button button-quiet"
              onClick={() => setReviewers(reviewers.filter((_, j) => j !== i))}
            >
              {t('outgoing.remove')}
            </button>
          </li>
        ))}
      </ol>
      <Field label={t('outgoing.addReviewer')}>
        <select
          name="add-reviewer"
          value={adding}
          onChange={(e) => {
            const id = e.target.value;
            if (id) setReviewers([...reviewers, { personId: id, deadline: addDays(today(), 1) }]);
            setAdding('');
          }}
        >
          <option value="">{t('documents.choose')}</option>
          {available.map((p) => (
            <option key={p.id} value={p.id}>
              {p.fullName} · {p.position}
            </option>
          ))}
        </select>
      </Field>
      {signerChoices.length === 0 ? (
        <p className="notice">{t('outgoing.noSigners')}</p>
      ) : (
        <Field label={t('outgoing.signer')} error={error}>
          <select
            name="signer"
            value={signer.personId}
            onChange={(e) => {
              setSigner({ ...signer, personId: e.target.value });
              setError(null);
            }}
          >
            <option value="">{t('documents.choose')}</option>
            {signerChoices.map((p) => (
              <option key={p.id} value={p.id}>
                {p.fullName} · {p.position}
              </option>
            ))}
          </select>
        </Field>
      )}
      <div className="chain-dates">
        <label className="inline-date">
          {t('outgoing.signDeadline')}
          <input
            type="date"
            name="sign-deadline"
            value={signer.deadline}
            onChange={(e) => setSigner({ ...signer, deadline: e.target.value })}
          />
        </label>
        <label className="inline-date">
          {t('outgoing.issueDeadline')}
          <input
            type="date"
            name="issue-deadline"
            value={issueDeadline}
            onChange={(e) => setIssueDeadline(e.target.value)}
          />
        </label>
      </div>
      <button
        type="button"
        className="button button-primary"
        disabled={busy}
        data-testid="submit-chain"
        onClick={() => {
          if (!signer.personId) {
            setError(t('outgoing.chooseSigner'));
            return;
          }
          const chain: ChainEntry[] = [
            ...reviewers.filter((r) => r.personId !== signer.personId).map((r) => ({ role: 'review' as const, ...r })),
            { role: 'sign', ...signer },
          ];
          onSubmit(chain, issueDeadline);
        }}
      >
        {t('outgoing.submit')}
      </button>
    </fieldset>
  );
}
