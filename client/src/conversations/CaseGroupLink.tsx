import { docId as makeDocId } from '@thongsuot/shared/ids';
import './conversations.css';
import { caseConversationId } from '@thongsuot/shared/model/conversation';
import type { Task } from '@thongsuot/shared/model/task';
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { usePlatform } from '../shell/platform-context.ts';
import { followRecipients } from './case-group.ts';

/** From a task, its case group, when the signed-in person is in it (the list row says so). */
export function CaseGroupLink({ task }: { task: Task }) {
  const { t } = useTranslation();
  const { db, user, repository } = usePlatform();
  const id = caseConversationId(task.id);
  // On the issuer's device the group follows the recipients, whenever the task changes.
  const recipients = [task.assignments, task.removedAssignments]
    .map((l) => l.map((a) => a.recipientId).join())
    .join('|');
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a change of recipients matters
  useEffect(() => {
    if (task.issuerId !== user.id) return;
    void repository()
      .then((docs) => followRecipients(db, docs, task))
      .catch((error: unknown) => console.error('case group not updated', error));
  }, [recipients, user.id, db, repository]);
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
