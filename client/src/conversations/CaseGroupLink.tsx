import { docId as makeDocId } from '@thongsuot/shared/ids';
import './conversations.css';
import { caseConversationId } from '@thongsuot/shared/model/conversation';
import type { Task } from '@thongsuot/shared/model/task';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { usePlatform } from '../shell/platform-context.ts';

/** From a task, its case group, when the signed-in person is in it (the list row says so). */
export function CaseGroupLink({ task }: { task: Task }) {
  const { t } = useTranslation();
  const { db, user } = usePlatform();
  const id = caseConversationId(task.id);
  // The group follows the recipients on the issuer's devices, page open or not (case-group-keeper.ts).
  const row = useLiveQuery(() => db.conversations.get(makeDocId('conv', id)), [id]);
  if (!row?.memberIds.includes(user.id)) return null;
  const unread = row.unread[user.id] ?? 0;
  return (
    <Link className="case-group-link" href={`~/conversations/${id}`} data-testid="case-group-link">
      {t('chat.caseGroup', { count: row.memberIds.length })}
      {unread > 0 && ` · ${t('chat.unread', { count: unread })}`}
    </Link>
  );
}
