import { docId } from '@thongsuot/shared/ids';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { Link, Route, Switch, useSearch } from 'wouter';
import { useUnitNames } from '../directory/use-units.ts';
import { usePlatform } from '../shell/platform-context.ts';
import type { ConversationRow } from '../store/local-db.ts';
import { formatDateTime } from '../tasks/format.ts';
import { useOfficialNames } from '../tasks/use-official-names.ts';
import { AnnouncementsPage } from './AnnouncementsPage.tsx';
import { ConversationView } from './ConversationView.tsx';
import { directDocId } from './conversation-actions.ts';
import { NewGroupForm } from './NewGroupForm.tsx';
import { useAnnouncementFeed } from './use-announcements.ts';
import './conversations.css';

/**
 * The person's conversations on this device, latest first, with their unread counts (read from
 * the list rows, never the docs). `?with=<personId>` opens the direct conversation with someone.
 */
export function ConversationsPage() {
  const { user } = usePlatform();
  const withPerson = new URLSearchParams(useSearch()).get('with');
  if (withPerson && withPerson !== user.id) {
    return <ConversationView docId={directDocId(user.id, withPerson)} withPerson={withPerson} />;
  }
  return (
    <Switch>
      <Route path="/announcements" component={AnnouncementsPage} />
      <Route path="/new" component={NewGroupForm} />
      <Route path="/:id">{(params: { id: string }) => <ConversationView docId={docId('conv', params.id)} />}</Route>
      <Route>
        <ConversationList />
      </Route>
    </Switch>
  );
}

function ConversationList() {
  const { t } = useTranslation();
  const { user, db } = usePlatform();
  const rows = useLiveQuery(
    async () =>
      (await db.conversations.where('memberIds').equals(user.id).toArray()).sort((a, b) => b.lastAt - a.lastAt),
    [user.id],
  );
  const names = useOfficialNames(
    rows?.flatMap((r) => (r.kind === 'direct' ? r.memberIds : [r.lastBy, ...(r.recipientId ? [r.recipientId] : [])])) ??
      [],
  );
  const unitNames = useUnitNames();
  return (
    <section aria-labelledby="conversations-heading">
      <h1 id="conversations-heading">{t('conversations.title')}</h1>
      <AnnouncementsLink />
      <p>
        <Link href="/new" className="button">
          {t('chat.newGroup')}
        </Link>
      </p>
      {rows?.length === 0 && (
        <>
          <p className="empty">{t('conversations.empty')}</p>
          <p>
            <Link href="/directory">{t('chat.startHint')}</Link>
          </p>
        </>
      )}
      <ul className="conversation-list" data-testid="conversation-list">
        {rows?.map((row) => (
          <ConversationItem key={row.docId} row={row} me={user.id} names={names} unitNames={unitNames} />
        ))}
      </ul>
    </section>
  );
}

function ConversationItem({
  row,
  me,
  names,
  unitNames,
}: {
  row: ConversationRow;
  me: string;
  names: Map<string, string>;
  unitNames: ReadonlyMap<string, string>;
}) {
  const { t } = useTranslation();
  const unread = row.unread[me] ?? 0;
  const others = row.memberIds.filter((id) => id !== me);
  const title = row.kind === 'direct' || !row.title ? others.map((id) => names.get(id) ?? id).join(', ') : row.title;
  const id = row.docId.slice('conv/'.length);
  const from = row.lastBy === me ? t('chat.you') : row.kind === 'direct' ? '' : (names.get(row.lastBy) ?? '');
  return (
    <li>
      <Link href={`/${id}`} className={`conversation-item ${unread > 0 ? 'unread' : ''}`} data-testid="conversation">
        <span className="conversation-title">
          {row.kind === 'case' && <span className="badge">{row.recipientId ? t('chat.thread') : t('chat.case')}</span>}{' '}
          {title}
          {row.recipientId && (
            <span className="conversation-recipient">
              {' '}
              · {unitNames.get(row.recipientId) ?? names.get(row.recipientId) ?? ''}
            </span>
          )}
        </span>
        <span className="conversation-last">
          {row.lastText ? `${from ? `${from}: ` : ''}${row.lastText}` : t('chat.noMessages')}
        </span>
        <time className="conversation-time">{formatDateTime(row.lastAt)}</time>
        {unread > 0 && (
          <span className="unread-count" data-testid="unread" title={t('chat.unread', { count: unread })}>
            {unread}
          </span>
        )}
      </Link>
    </li>
  );
}

function AnnouncementsLink() {
  const { t } = useTranslation();
  const count = useAnnouncementFeed()?.unseen.length ?? 0;
  return (
    <Link href="/announcements" className="announcements-link" data-testid="announcements-link">
      {t('bulletin.link')}
      {count > 0 && <span className="unread-count">{t('bulletin.newCount', { count })}</span>}
    </Link>
  );
}
