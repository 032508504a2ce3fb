import { docId as makeDocId } from '@thongsuot/shared/ids';
import { caseThreadId } from '@thongsuot/shared/model/conversation';
import type { Task } from '@thongsuot/shared/model/task';
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { usePlatform } from '../shell/platform-context.ts';
import { openRecipientThread } from './case-group.ts';

/**
 * The case's thread with one recipient, from the task page: a link when this person is in it,
 * else a button that starts or joins it on this device (offline too) and opens it. What is said there
 * reaches the recipient's people and the issuer side only (case-group.ts).
 */
export function ThreadLink({
  task,
  recipientId,
  label,
}: {
  task: Pick<Task, 'id' | 'title' | 'issuerId' | 'assignments'>;
  recipientId: string;
  label: string;
}) {
  const { t } = useTranslation();
  const { db, user, repository } = usePlatform();
  const [, navigate] = useLocation();
  const [busy, setBusy] = useState(false);
  const id = caseThreadId(task.id, recipientId);
  const row = useLiveQuery(() => db.conversations.get(makeDocId('conv', id)), [id]);
  if (row?.memberIds.includes(user.id)) {
    const unread = row.unread[user.id] ?? 0;
    return (
      <Link className="case-group-link" href={`~/conversations/${id}`} data-testid="thread-link">
        {label}
        {unread > 0 && ` · ${t('chat.unread', { count: unread })}`}
      </Link>
    );
  }
  // Not started yet, or started without this person: starting it and joining it are one action.
  const start = async (): Promise<void> => {
    setBusy(true);
    try {
      await openRecipientThread(db, await repository(), { task, recipientId, by: user.id, at: Date.now() });
      navigate(`~/conversations/${id}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <button
      type="button"
      className="link-button"
      onClick={() => void start()}
      disabled={busy}
      data-testid="thread-start"
    >
      {label}
    </button>
  );
}
