import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { usePlatform } from '../shell/platform-context.ts';
import { useOfficialNames } from '../tasks/use-official-names.ts';
import { Composer } from './Composer.tsx';
import { markLatestRead, sendMessage } from './conversation-actions.ts';
import { MessageList } from './MessageList.tsx';
import { pendingMessageIds } from './pending-messages.ts';
import { readState } from './receipts.ts';
import { useConversationDoc } from './use-conversation-doc.ts';
import './conversations.css';

const NOTHING_PENDING: ReadonlySet<string> = new Set();

/** One conversation: its messages (latest first on screen), their states, and the composer. */
export function ConversationView({ docId, withPerson }: { docId: string; withPerson?: string }) {
  const { t } = useTranslation();
  const { user, db } = usePlatform();
  const me = user.id;
  const { doc, conv, loading } = useConversationDoc(docId);
  const outbox = useLiveQuery(() => db.outbox.where('docId').equals(docId).toArray(), [docId]);
  const pending = useMemo(() => (outbox ? pendingMessageIds(outbox) : NOTHING_PENDING), [outbox]);
  const memberIds = conv?.members.map((m) => m.personId) ?? (withPerson ? [me, withPerson] : [me]);
  const names = useOfficialNames([...memberIds, ...(conv?.formerMembers ?? [])]);
  const reads = useMemo(() => (conv ? readState(conv) : null), [conv]);
  const member = conv?.members.some((m) => m.personId === me) ?? withPerson !== undefined;

  // What is on screen is read: the marker moves forward as messages arrive while the page is visible.
  useEffect(() => {
    if (!doc || !conv) return;
    const mark = (): void => {
      if (document.visibilityState === 'visible') markLatestRead(doc, me, Date.now());
    };
    mark();
    // Coming back to a tab left open marks what arrived meanwhile.
    document.addEventListener('visibilitychange', mark);
    return () => document.removeEventListener('visibilitychange', mark);
  }, [doc, conv, me]);

  if (loading) return <p className="muted">{t('app.loading')}</p>;
  if (!conv && !withPerson) return <p className="empty">{t('chat.notFound')}</p>;
  const others = memberIds.filter((id) => id !== me);
  const title =
    conv?.kind === 'direct' || !conv
      ? others.map((id) => names.get(id) ?? id).join(', ')
      : conv.title || others.map((id) => names.get(id) ?? id).join(', ');

  async function send(text: string): Promise<void> {
    if (!doc) throw new Error('not open');
    sendMessage(doc, { me, text, ...(withPerson ? { with: withPerson } : {}), now: Date.now() });
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
            {conv?.kind === 'direct' || !conv ? t('chat.direct') : t('chat.members', { count: conv.members.length })}
            {conv?.taskId && (
              <>
                {' · '}
                <Link href={`~/tasks/${conv.taskId}`}>{t('chat.openTask')}</Link>
              </>
            )}
          </p>
        </div>
      </header>
      {conv && reads ? (
        <MessageList messages={conv.messages} me={me} pending={pending} readState={reads} names={names} />
      ) : (
        <p className="empty chat-empty">{t('chat.noMessages')}</p>
      )}
      {member ? <Composer onSend={send} /> : <p className="notice">{t('chat.notMember')}</p>}
    </section>
  );
}
