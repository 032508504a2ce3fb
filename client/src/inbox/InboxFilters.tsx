import { SOURCE_LEVELS } from '@thongsuot/shared/org/source-level';
import { useTranslation } from 'react-i18next';
import { useUnits } from '../directory/use-units.ts';
import { DEADLINE_FILTERS, type Filters, STATUS_FILTERS } from './filters.ts';

/** Filters by source, status, deadline and unit; they apply to every view. */
export function InboxFilters({ value, onChange }: { value: Filters; onChange: (next: Filters) => void }) {
  const { t } = useTranslation();
  const units = useUnits();
  return (
    <details className="filters">
      <summary>{t('work.filters')}</summary>
      <div className="filter-grid">
        <label>
          {t('work.source')}
          <select value={value.source} onChange={(e) => onChange({ ...value, source: e.target.value })}>
            <option value="any">{t('work.any')}</option>
            {SOURCE_LEVELS.map((s) => (
              <option key={s} value={s}>
                {t(`source.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('detail.status')}
          <select
            value={value.status}
            onChange={(e) => onChange({ ...value, status: e.target.value as Filters['status'] })}
          >
            {STATUS_FILTERS.map((s) => (
              <option key={s} value={s}>
                {s === 'any' ? t('work.any') : s === 'overdue' ? t('tasks.overdue') : t(`status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('tasks.deadline')}
          <select
            value={value.deadline}
            onChange={(e) => onChange({ ...value, deadline: e.target.value as Filters['deadline'] })}
          >
            {DEADLINE_FILTERS.map((d) => (
              <option key={d} value={d}>
                {t(`work.deadlines.${d}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('work.unit')}
          <select value={value.unit} onChange={(e) => onChange({ ...value, unit: e.target.value })}>
            <option value="any">{t('work.any')}</option>
            {(units ?? []).map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </label>
      </div>
    </details>
  );
}
