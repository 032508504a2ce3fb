import { newId } from '@thongsuot/shared/ids';
import { readRecipientGroups, saveRecipientGroup } from '@thongsuot/shared/model/recipient-group';
import { foldVietnamese } from '@thongsuot/shared/text/fold';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../i18n/i18n.ts';
import { useUserDoc } from '../reminders/use-user-doc.ts';
import type { DirectoryUnitRow } from '../store/local-db.ts';
import { BUILT_IN_GROUPS, toggleGroup, unitsOfGroup } from './recipient-groups.ts';

/**
 * Picks the recipient units from the org tree: a whole group in one tap (every ward, every
 * commune, every department, all 184 units, or a saved group), one unit from the list, or by
 * typing part of its name without diacritics.
 */
export function RecipientPicker({
  units,
  chosen,
  onChange,
}: {
  units: readonly DirectoryUnitRow[];
  chosen: ReadonlySet<string>;
  onChange: (next: Set<string>) => void;
}) {
  const { t } = useTranslation();
  const { doc: userDoc, version } = useUserDoc();
  const [query, setQuery] = useState('');
  const [groupName, setGroupName] = useState('');
  const [showChosen, setShowChosen] = useState(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` changes with the doc
  const saved = useMemo(() => (userDoc ? (readRecipientGroups(userDoc) ?? []) : []), [userDoc, version]);
  const names = useMemo(() => new Map(units.map((u) => [u.id, u.name])), [units]);
  const matches = useMemo(() => {
    const q = foldVietnamese(query.trim());
    if (!q) return [];
    return units.filter((u) => foldVietnamese(u.name).includes(q)).slice(0, 20);
  }, [units, query]);

  function saveGroup(): void {
    if (!userDoc || !groupName.trim() || chosen.size === 0) return;
    saveRecipientGroup(userDoc, { id: newId(), name: groupName.trim(), unitIds: [...chosen], at: Date.now() });
    setGroupName('');
  }

  const groupButton = (key: string, label: string, ids: readonly string[]) => {
    const on = ids.length > 0 && ids.every((id) => chosen.has(id));
    return (
      <button
        key={key}
        type="button"
        className={`chip${on ? ' chip-on' : ''}`}
        aria-pressed={on}
        onClick={() => onChange(toggleGroup(chosen, ids))}
      >
        {label} ({formatNumber(ids.length)})
      </button>
    );
  };

  return (
    <fieldset className="recipient-picker">
      <legend>{t('directive.recipients')}</legend>
      <div className="chips">
        {BUILT_IN_GROUPS.map((g) => groupButton(g, t(`directive.group.${g}`), unitsOfGroup(units, g)))}
        {saved.map((g) => groupButton(g.id, g.name, g.unitIds))}
      </div>
      <label>
        {t('newTask.recipient')}
        <select
          name="recipient"
          value=""
          onChange={(e) => e.target.value && onChange(new Set([...chosen, e.target.value]))}
        >
          <option value="">{t('newTask.chooseRecipient')}</option>
          {units.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('directive.findUnit')}
        <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="ben thanh" />
      </label>
      {matches.length > 0 && (
        <ul className="unit-matches">
          {matches.map((u) => (
            <li key={u.id}>
              <label className="check">
                <input
                  type="checkbox"
                  checked={chosen.has(u.id)}
                  onChange={() => onChange(toggleGroup(chosen, [u.id]))}
                />
                {u.name}
              </label>
            </li>
          ))}
        </ul>
      )}
      <p className="chosen-summary" data-testid="chosen-count">
        {t('directive.chosen', { count: chosen.size, formatted: formatNumber(chosen.size) })}
        {chosen.size > 0 && (
          <>
            {' · '}
            <button type="button" className="link-button" onClick={() => setShowChosen(!showChosen)}>
              {showChosen ? t('directive.hideChosen') : t('directive.showChosen')}
            </button>
            {' · '}
            <button type="button" className="link-button" onClick={() => onChange(new Set())}>
              {t('directive.clear')}
            </button>
          </>
        )}
      </p>
      {(showChosen || (chosen.size > 0 && chosen.size <= 6)) && (
        <ul className="chips">
          {[...chosen].map((id) => (
            <li key={id}>
              <button
                type="button"
                className="chip chip-on"
                onClick={() => onChange(toggleGroup(chosen, [id]))}
                aria-label={t('directive.remove', { name: names.get(id) ?? id })}
              >
                {names.get(id) ?? id} ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {chosen.size > 1 && (
        <div className="inline-form">
          <label>
            {t('directive.groupName')}
            <input value={groupName} onChange={(e) => setGroupName(e.target.value)} maxLength={120} />
          </label>
          <button type="button" className="button" onClick={saveGroup} disabled={!groupName.trim()}>
            {t('directive.saveGroup')}
          </button>
        </div>
      )}
    </fieldset>
  );
}
