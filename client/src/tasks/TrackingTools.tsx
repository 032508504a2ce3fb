import { useTranslation } from 'react-i18next';
import { GROUPINGS, type Grouping, SORT_KEYS, type SortKey, type SortOrder } from './tracking-view.ts';

interface TrackingToolsProps {
  /** More than one recipient: grouping and sorting mean something. */
  readonly many: boolean;
  readonly searchable: boolean;
  /** A wide screen sorts by the table's column headers; a phone by the list here. */
  readonly wide: boolean;
  readonly query: string;
  readonly onQuery: (query: string) => void;
  readonly grouping: Grouping;
  readonly onGrouping: (grouping: Grouping) => void;
  readonly sort: SortOrder;
  readonly onSort: (sort: SortOrder) => void;
  readonly onExport: () => void;
}

/**
 * Above the tracking: find a unit, sort (on a phone; each way named in words), group, and save what
 * is shown as a CSV file.
 */
export function TrackingTools(props: TrackingToolsProps) {
  const { t } = useTranslation();
  const { sort, onSort } = props;
  return (
    <div className="tracking-tools">
      {props.searchable && (
        <label className="tracking-search">
          {t('directive.findUnit')}
          <input type="search" value={props.query} onChange={(e) => props.onQuery(e.target.value)} />
        </label>
      )}
      {props.many && !props.wide && (
        <label className="tracking-select tracking-sort">
          {t('tracking.sort')}
          <select
            value={`${sort.key}:${sort.descending ? 'desc' : 'asc'}`}
            onChange={(e) => {
              const [key, way] = e.target.value.split(':');
              onSort({ key: key as SortKey, descending: way === 'desc' });
            }}
          >
            {SORT_KEYS.flatMap((key) =>
              (['asc', 'desc'] as const).map((way) => (
                <option key={`${key}:${way}`} value={`${key}:${way}`}>
                  {t(`tracking.sorts.${key}.${way}`)}
                </option>
              )),
            )}
          </select>
        </label>
      )}
      {props.many && (
        <label className="tracking-select">
          {t('tracking.group')}
          <select value={props.grouping} onChange={(e) => props.onGrouping(e.target.value as Grouping)}>
            {GROUPINGS.map((g) => (
              <option key={g} value={g}>
                {t(`tracking.groupings.${g}`)}
              </option>
            ))}
          </select>
        </label>
      )}
      <button type="button" className="button tracking-export" onClick={props.onExport}>
        {t('tracking.exportCsv')}
      </button>
    </div>
  );
}
