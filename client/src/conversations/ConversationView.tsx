import type { AttachmentRef } from '@thongsuot/shared/model/attachment';
import { receiptsOfList } from '@thongsuot/shared/model/receipts';
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { useUnitNames } from '../directory/use-units.ts';
import { usePlatform } from '../shell/platform-context.ts';
import { useOfficialNames } from '../tasks/use-official-names.ts';
import { AssignTaskAction } from './AssignTaskAction.tsx';
import { Composer } from './Composer.tsx';
import { markLatestRead, sendMessage } from './conversation-actions.ts';
import { MessageList } from './MessageList.tsx';
import { mentionedIds } from './mentions.ts';
import { pendingMessageIds } from './pending-messages.ts';
import { pendingOf } from './pending-of.ts';
import { readState } from './receipts.ts';
import { useConversationDoc } from './use-conversation-doc.ts';
import { useConversationHistory } from './use-conversation-history.ts';
import './conversations.css';

const NOTHING_PENDING: ReadonlySet<string> = new Set();

/** One conversation: its messages (latest first on screen), their states, and the composer. */
export function ConversationView({ docId, withPerson }: { docId: string; withPerson?: string }) {
  const { t } = useTranslation();
  const { user, db, repository } = usePlatform();
  const me = user.id;
  const convId = docId.slice('conv/'.length);
  const { doc, conv, loading: headLoading } = useConversationDoc(docId);
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-read whenever the head changes (`conv` is read from it)
  const headReceived = useMemo(() => (doc ? receiptsOfList(doc, 'messages') : undefined), [doc, conv]);
  const { history, hasEarlier, loadEarlier, loading } = useConversationHistory(
    convId,
    conv?.messages ?? null,
    headReceived,
  );
  // The head's and the month logs' entries: a message waits in the outbox of its month's log.
  const outbox = useLiveQuery(() => pendingOf(db, convId), [convId]);
  const pending = useMemo(() => (outbox ? pendingMessageIds(outbox) : NOTHING_PENDING), [outbox]);
  const memberIds = conv?.members.map((m) => m.personId) ?? (withPerson ? [me, withPerson] : [me]);
  const names = useOfficialNames([
    ...memberIds,
    ...(conv?.formerMembers ?? []),
    ...(conv?.recipientId ? [conv.recipientId] : []),
  ]);
  const unitNames = useUnitNames();
  const recipientName = conv?.recipientId ? (unitNames.get(conv.recipientId) ?? names.get(conv.recipientId)) : null;
  const reads = useMemo(
    () =>
      conv
        ? readState(
            history,
            conv.members.map((m) => m.personId),
            conv.readMarkers,
          )
        : null,
    [conv, history],
  );
  const member = conv?.members.some((m) => m.personId === me) ?? withPerson !== undefined;

  // What is on screen is read: the marker moves forward as messages arrive while the page is visible.
  useEffect(() => {
    if (!doc || !conv) return;
    const mark = (): void => {
      if (document.visibilityState === 'visible') markLatestRead(doc, me, history, Date.now());
    };
    mark();
    // Coming back to a tab left open marks what arrived meanwhile.
    document.addEventListener('visibilitychange', mark);
    return () => document.removeEventListener('visibilitychange', mark);
  }, [doc, conv, me, history]);

  if (headLoading || (conv && loading)) return <p className="muted">{t('app.loading')}</p>;
  if (!conv && !withPerson) return <p className="empty">{t('chat.notFound')}</p>;
  const others = memberIds.filter((id) => id !== me);
  const title =
    conv?.kind === 'direct' || !conv
      ? others.map((id) => names.get(id) ?? id).join(', ')
      : conv.title || others.map((id) => names.get(id) ?? id).join(', ');

  async function send(text: string, attachments: readonly AttachmentRef[]): Promise<void> {
    const others = new Map([...names].filter(([id]) => id !== me && memberIds.includes(id)));
    const mentions = mentionedIds(text, others);
    await sendMessage(await repository(), docId, {
      me,
      text,
      ...(withPerson ? { with: withPerson } : {}),
      ...(mentions.length > 0 ? { mentions } : {}),
      now: Date.now(),
      attachments,
    });
  }

  return (
    <section className="conversation" aria-labelledby="conversation-heading">
      <header className="conversation-head">
        <Link href="~/conversations" className="back" aria-label={t('chat.back')}>
          ‹
        </Link>
        <div>
          <h1 id="conversation-heading">{title}</h1>
          <p className="muted">
            {recipientName && (
              <span className="thread-with" data-testid="thread-with">
                {t('chat.threadWith', { name: recipientName })} ·{' '}
              </span>
            )}
            {conv?.kind === 'direct' || !conv ? t('chat.direct') : t('chat.members', { count: conv.members.length })}
            {conv?.taskId && (
              <>
                {' · '}
                <Link href={`~/tasks/${conv.taskId}`}>{t('chat.openTask')}</Link>
              </>
            )}
          </p>
        </div>
        {member && conv && <AssignTaskAction conversationId={convId} />}
      </header>
      {conv && reads ? (
        <MessageList
          history={history}
          me={me}
          pending={pending}
          readState={reads}
          names={names}
          hasEarlier={hasEarlier}
          onLoadEarlier={loadEarlier}
        />
      ) : (
        <p className="empty chat-empty">{t('chat.noMessages')}</p>
      )}
      {member ? <Composer onSend={send} /> : <p className="notice">{t('chat.notMember')}</p>}
    </section>
  );
}
