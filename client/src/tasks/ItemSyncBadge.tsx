import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { usePlatform } from '../shell/platform-context.ts';
import type { TaskRow } from '../store/local-db.ts';
import { cardSyncState } from './task-queries.ts';

/** The docs with changes still waiting in the outbox: one query for a whole list. */
export function useWaitingDocIds(): ReadonlySet<string> | undefined {
  const { db } = usePlatform();
  return useLiveQuery(async () => new Set((await db.outbox.orderBy('docId').uniqueKeys()) as string[]), []);
}

/**
 * Per-item state, from facts only: the row's own count of changes in the outbox (written in the
 * outbox's transactions, so it cannot lag behind it) and the recipients' assignment statuses as
 * the server relayed them. See `itemSyncState` for the rule. `waiting` is the outbox as a list
 * query last read it, for rows from before that count existed; unknown (undefined) says nothing.
 */
export function SyncStateBadge({ waiting, row }: { waiting: boolean | undefined; row: TaskRow | undefined }) {
  const { t } = useTranslation();
  const known = cardSyncState(row, waiting);
  if (!known) return null;
  const { state, seen } = known;
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
  // One transaction: the row and the outbox as of the same moment.
  const facts = useLiveQuery(
    () =>
      db.transaction('r', db.outbox, db.tasks, async () => ({
        waiting: await db.outbox.where('docId').equals(docId).count(),
        row: await db.tasks.get(docId),
      })),
    [docId],
  );
  if (facts === undefined) return null;
  return <SyncStateBadge waiting={facts.waiting > 0} row={facts.row} />;
}
