import type { Person } from '@thongsuot/shared/access/principal';
import { newId } from '@thongsuot/shared/ids';
import type { Task } from '@thongsuot/shared/model/task';
import { foldVietnamese } from '@thongsuot/shared/text/fold';
import { useLiveQuery } from 'dexie-react-hooks';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TextField } from '../forms/Field.tsx';
import { compareVi } from '../i18n/collate.ts';
import { usePlatform } from '../shell/platform-context.ts';
import { perform } from '../store/intents.ts';
import { today } from './deadline.ts';
import { toggleGroup } from './recipient-groups.ts';

/** Heads of divisions first: handing work to a division is handing it to its head. */
function seniority(position: string): number {
  if (position.startsWith('Trưởng phòng') || position.startsWith('Chánh Văn phòng')) return 0;
  if (position.startsWith('Phó Trưởng phòng')) return 1;
  return 2;
}

/** Cascade (item 3): a recipient's leader hands the work down to people of the unit. */
export function SubAssignForm({ task, person, recipientId }: { task: Task; person: Person; recipientId: string }) {
  const { t } = useTranslation();
  const { db, repository } = usePlatform();
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const deadline0 = task.assignments.find((a) => a.recipientId === recipientId)?.deadline ?? task.deadline;
  const [title, setTitle] = useState(task.title);
  const [deadline, setDeadline] = useState(deadline0);
  const [error, setError] = useState<string | null>(null);
  const people = useLiveQuery(
    async () =>
      (await db.officials.where('unitId').equals(person.unitId).toArray())
        .filter((o) => o.id !== person.id)
        .sort((a, b) => seniority(a.position) - seniority(b.position) || compareVi(a.fullName, b.fullName)),
    [person.unitId, person.id],
  );
  if (!open) {
    return (
      <button type="button" className="button" onClick={() => setOpen(true)}>
        {t('cascade.open')}
      </button>
    );
  }
  const q = foldVietnamese(query.trim());
  const shown = (people ?? [])
    .filter((o) => !q || foldVietnamese(`${o.fullName} ${o.position}`).includes(q))
    .slice(0, 30);

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (chosen.size === 0) {
      setError(t('cascade.errors.people'));
      return;
    }
    if (!title.trim()) {
      setError(t('directive.errors.title'));
      return;
    }
    if (deadline < today()) {
      setError(t('directive.errors.deadline'));
      return;
    }
    setError(null);
    // The child task and its link under this assignment: one action a reload cannot cut in half.
    await perform(
      { db, repository: await repository() },
      {
        kind: 'hand-down',
        childId: newId(),
        parentDocId: `task/${task.id}`,
        recipientId,
        issuer: { id: person.id, unitId: person.unitId },
        people: [...chosen],
        title: title.trim(),
        body: task.body,
        deadline,
        at: Date.now(),
      },
    );
    setOpen(false);
    setChosen(new Set());
  }

  return (
    <form className="form sub-assign" onSubmit={(e) => void submit(e)} noValidate>
      <h3>{t('cascade.title')}</h3>
      <TextField label={t('cascade.childTitle')} name="child-title" value={title} onChange={setTitle} max={500} />
      <label>
        {t('newTask.deadline')}
        <input type="date" value={deadline} min={today()} onChange={(e) => setDeadline(e.target.value)} />
      </label>
      <label>
        {t('cascade.findPerson')}
        <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
      </label>
      <ul className="people-choice">
        {shown.map((o) => (
          <li key={o.id}>
            <label className="check">
              <input
                type="checkbox"
                checked={chosen.has(o.id)}
                onChange={() => setChosen(toggleGroup(chosen, [o.id]))}
              />
              <span>
                {o.fullName} <span className="muted">— {o.position}</span>
              </span>
            </label>
          </li>
        ))}
      </ul>
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      <div className="row-actions">
        <button type="submit" className="button button-primary">
          {t('cascade.submit', { count: chosen.size })}
        </button>
        <button type="button" className="link-button" onClick={() => setOpen(false)}>
          {t('cascade.cancel')}
        </button>
      </div>
    </form>
  );
}
