import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'wouter';
import { useDirectoryIndex, usePeopleFound } from '../directory/people-index.ts';
import { TextField } from '../forms/Field.tsx';
import { usePlatform } from '../shell/platform-context.ts';
import { createGroup } from './conversation-actions.ts';

/** Starts a group: a name and the people in it, found in the directory on the device (offline too). */
export function NewGroupForm() {
  const { t } = useTranslation();
  const { user, repository } = usePlatform();
  const index = useDirectoryIndex();
  const [, navigate] = useLocation();
  const [title, setTitle] = useState('');
  const [query, setQuery] = useState('');
  const [chosen, setChosen] = useState<Map<string, string>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const found = (usePeopleFound(index, query, 21)?.people ?? []).filter((p) => p.id !== user.id).slice(0, 20);

  function toggle(id: string, name: string): void {
    const next = new Map(chosen);
    if (next.has(id)) next.delete(id);
    else next.set(id, name);
    setChosen(next);
  }

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (title.trim() === '') return setError(t('chat.errors.groupTitle'));
    if (chosen.size === 0) return setError(t('chat.errors.groupMembers'));
    try {
      const docId = await createGroup(await repository(), {
        me: user.id,
        title: title.trim(),
        members: [...chosen.keys()],
        now: Date.now(),
      });
      navigate(`/${docId.slice('conv/'.length)}`);
    } catch {
      setError(t('chat.errors.groupFailed'));
    }
  }

  return (
    <section aria-labelledby="new-group-heading">
      <h1 id="new-group-heading">{t('chat.newGroup')}</h1>
      <form className="publish" onSubmit={submit} noValidate>
        <TextField label={t('chat.groupTitle')} name="group-title" value={title} onChange={setTitle} max={200} />
        <label>
          {t('chat.findPeople')}
          <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
        </label>
        <ul className="people-choice">
          {found.map((p) => (
            <li key={p.id}>
              <label className="check">
                <input type="checkbox" checked={chosen.has(p.id)} onChange={() => toggle(p.id, p.fullName)} />
                {p.fullName} · {p.position}
              </label>
            </li>
          ))}
        </ul>
        {chosen.size > 0 && (
          <p data-testid="group-chosen">{t('chat.chosen', { names: [...chosen.values()].join(', ') })}</p>
        )}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="button button-primary">
          {t('chat.createGroup')}
        </button>
      </form>
    </section>
  );
}
