import { leadsUnit } from '@thongsuot/shared/access/capabilities';
import type { Importance } from '@thongsuot/shared/model/announcement';
import type { Audience } from '@thongsuot/shared/model/audience';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUnits } from '../directory/use-units.ts';
import { Field, TextField } from '../forms/Field.tsx';
import { usePlatform } from '../shell/platform-context.ts';
import { usePerson } from '../tasks/person.ts';
import { RecipientPicker } from '../tasks/RecipientPicker.tsx';
import { bulletinDocId, publish } from './announcements.ts';

const AUDIENCES = ['all', 'local', 'units'] as const;
type AudienceChoice = (typeof AUDIENCES)[number];

/** A unit's leaders publish news: to all staff, to every ward, commune and special zone, or to chosen units. */
export function PublishForm() {
  const { t } = useTranslation();
  const { user, repository } = usePlatform();
  const person = usePerson();
  const units = useUnits() ?? [];
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [importance, setImportance] = useState<Importance>('important');
  const [choice, setChoice] = useState<AudienceChoice>('all');
  const [chosen, setChosen] = useState<string[]>([]);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  if (!leadsUnit(person, user.unitId)) return null;

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (title.trim() === '') return setMessage({ error: true, text: t('bulletin.errors.title') });
    if (choice === 'units' && chosen.length === 0) return setMessage({ error: true, text: t('bulletin.errors.units') });
    const audience: Audience =
      choice === 'all'
        ? { kind: 'all' }
        : choice === 'local'
          ? { kind: 'unit_kinds', unitKinds: ['ward', 'commune', 'special_zone'] }
          : { kind: 'units', unitIds: chosen };
    try {
      const doc = await (await repository()).open(bulletinDocId(user.unitId));
      publish(doc, {
        unitId: user.unitId,
        by: user.id,
        title: title.trim(),
        body: body.trim(),
        importance,
        audience,
        at: Date.now(),
      });
      setTitle('');
      setBody('');
      setMessage({ error: false, text: t('bulletin.published') });
    } catch {
      setMessage({ error: true, text: t('bulletin.errors.failed') });
    }
  }

  return (
    <details className="publish">
      <summary>{t('bulletin.new')}</summary>
      <form onSubmit={submit} noValidate>
        <TextField label={t('bulletin.title')} name="bulletin-title" value={title} onChange={setTitle} max={300} />
        <TextField
          label={t('bulletin.body')}
          name="bulletin-body"
          value={body}
          onChange={setBody}
          max={50_000}
          rows={3}
        />
        <Field label={t('bulletin.importance')}>
          <select value={importance} onChange={(e) => setImportance(e.target.value as Importance)}>
            <option value="normal">{t('bulletin.level.normal')}</option>
            <option value="important">{t('bulletin.level.important')}</option>
            <option value="urgent">{t('bulletin.level.urgent')}</option>
          </select>
        </Field>
        <Field label={t('bulletin.audience')}>
          <select value={choice} onChange={(e) => setChoice(e.target.value as AudienceChoice)}>
            {AUDIENCES.map((a) => (
              <option key={a} value={a}>
                {t(`bulletin.to.${a}`)}
              </option>
            ))}
          </select>
        </Field>
        {/* The same picker as a directive's: search and groups, usable on a phone (no "hold Ctrl"). */}
        {choice === 'units' && (
          <RecipientPicker units={units} chosen={new Set(chosen)} onChange={(s) => setChosen([...s])} />
        )}
        {message && (
          <p className={message.error ? 'error' : 'notice'} role={message.error ? 'alert' : 'status'}>
            {message.text}
          </p>
        )}
        <button type="submit" className="button button-primary">
          {t('bulletin.publish')}
        </button>
      </form>
    </details>
  );
}
