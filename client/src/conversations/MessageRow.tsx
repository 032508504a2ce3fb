import type { ConversationMessage } from '@thongsuot/shared/model/message';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { AttachmentList } from '../attachments/AttachmentList.tsx';
import { formatDateTime } from '../tasks/format.ts';
import type { Receipt } from './receipts.ts';

export type MessageState = 'local' | 'saved' | 'read';

interface MessageRowProps {
  readonly message: ConversationMessage;
  readonly mine: boolean;
  readonly authorName: string;
  readonly pending: boolean;
  readonly receipts: readonly Receipt[];
  readonly names: ReadonlyMap<string, string>;
}

/** One message; under the sender's own: on this device only → saved on the server → read by whom and when. */
export function MessageRow({ message, mine, authorName, pending, receipts, names }: MessageRowProps) {
  const { t } = useTranslation();
  const state: MessageState = pending ? 'local' : receipts.length > 0 ? 'read' : 'saved';
  return (
    <div className={`message ${mine ? 'message-mine' : ''}`} data-testid="message" data-state={mine ? state : 'theirs'}>
      {!mine && <span className="message-author">{authorName}</span>}
      {message.text && <p className="message-text">{message.text}</p>}
      <AttachmentList refs={message.attachments} />
      {message.taskId && (
        <Link className="message-task" href={`~/tasks/${message.taskId}`}>
          {t('chat.openTask')}
        </Link>
      )}
      <span className="message-meta">
        <time dateTime={new Date(message.at).toISOString()}>{formatDateTime(message.at)}</time>
        {mine && (
          <span className={`message-state state-${state}`} data-testid="message-state">
            {state === 'read'
              ? t('chat.readBy', {
                  who: receipts.map((r) => `${names.get(r.personId) ?? r.personId} ${formatDateTime(r.at)}`).join(', '),
                })
              : t(`item.${state}`)}
          </span>
        )}
      </span>
    </div>
  );
}
