import type { ConversationMessage } from '@thongsuot/shared/model/message';
import { timesDisagree } from '@thongsuot/shared/model/receipts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { AttachmentList } from '../attachments/AttachmentList.tsx';
import { formatDateTime } from '../tasks/format.ts';
import { messageState, type Receipt } from './receipts.ts';

interface MessageRowProps {
  readonly message: ConversationMessage;
  readonly mine: boolean;
  readonly authorName: string;
  readonly pending: boolean;
  /** When the relay received it (its receipt in the doc); null while this device has none. */
  readonly relayAt: number | null;
  readonly receipts: readonly Receipt[];
  readonly names: ReadonlyMap<string, string>;
}

/**
 * One message; under the sender's own: on this device only → saved on the server → read by whom
 * and when. "Saved" needs the server's word: the relay's receipt in the doc, which reaches the
 * writer only after the commit and before the ack. A message not found in the outbox is not
 * thereby saved (it may not be stored there yet). The time is the author's; where the relay
 * received it much later (written offline), both are shown.
 */
/** A message longer than this shows its first PREVIEW characters and "Xem thêm". */
const COLLAPSE_OVER = 700;
const PREVIEW = 500;

export function MessageRow({ message, mine, authorName, pending, relayAt, receipts, names }: MessageRowProps) {
  const { t } = useTranslation();
  const state = messageState(pending, relayAt, receipts.length);
  const [expanded, setExpanded] = useState(false);
  const long = message.text.length > COLLAPSE_OVER;
  const late = relayAt !== null && timesDisagree({ device: message.at, relay: relayAt });
  return (
    <div className={`message ${mine ? 'message-mine' : ''}`} data-testid="message" data-state={mine ? state : 'theirs'}>
      {!mine && <span className="message-author">{authorName}</span>}
      {message.text && (
        <p className="message-text">
          {long && !expanded ? `${message.text.slice(0, PREVIEW)}…` : message.text}
          {long && (
            <button type="button" className="link-button message-more" onClick={() => setExpanded(!expanded)}>
              {expanded ? t('chat.showLess') : t('chat.showMore')}
            </button>
          )}
        </p>
      )}
      <AttachmentList refs={message.attachments} />
      {message.taskId && (
        <Link className="message-task" href={`~/tasks/${message.taskId}`}>
          {t('chat.openTask')}
        </Link>
      )}
      <span className="message-meta">
        {late ? (
          <span data-testid="message-times">
            {t('chat.sentAt')} <time dateTime={new Date(message.at).toISOString()}>{formatDateTime(message.at)}</time>
            {' · '}
            {t('chat.syncedAt')} <time dateTime={new Date(relayAt).toISOString()}>{formatDateTime(relayAt)}</time>
          </span>
        ) : (
          <time dateTime={new Date(message.at).toISOString()}>{formatDateTime(message.at)}</time>
        )}
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
