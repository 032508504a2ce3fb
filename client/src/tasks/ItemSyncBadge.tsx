import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { usePlatform } from '../shell/platform-context.ts';
import type { TaskRow } from '../store/local-db.ts';
import { itemSyncState } from './task-queries.ts';

/** The docs with changes still waiting in the outbox: one query for a whole list. */
export function useWaitingDocIds(): ReadonlySet<string> | undefined {
  const { db } = usePlatform();
  return useLiveQuery(async () => new Set((await db.outbox.orderBy('docId').uniqueKeys()) as string[]), []);
}

/**
 * Per-item state, from facts only: the outbox (acks remove entries) and the recipients'
 * assignment statuses as the server relayed them. See `itemSyncState` for the rule.
 */
export function SyncStateBadge({ waiting, row }: { waiting: boolean; row: TaskRow | undefined }) {
  const { t } = useTranslation();
  const { state, seen } = itemSyncState(waiting ? 1 : 0, row);
  const total = row?.statuses.length ?? 0;
  return (
    <span className={`badge badge-${state}`} data-testid="item-sync" data-state={state}>
      {t(`item.${state}`)}
      {state === 'saved' && seen > 0 && ` · ${t('item.seenSome', { seen, total })}`}
    </span>
  );
}

/** The badge for one item on its own page. */
export function ItemSyncBadge({ docId }: { docId: string }) {
  const { db } = usePlatform();
  const facts = useLiveQuery(
    async () => ({ waiting: await db.outbox.where('docId').equals(docId).count(), row: await db.tasks.get(docId) }),
    [docId],
  );
  if (facts === undefined) return null;
  return <SyncStateBadge waiting={facts.waiting > 0} row={facts.row} />;
}
