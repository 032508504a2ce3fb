import { useVirtualizer } from '@tanstack/react-virtual';
import type { ConversationMessage } from '@thongsuot/shared/model/message';
import { type RefObject, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { displayOrder, type History } from './conversation-history.ts';
import { MessageRow } from './MessageRow.tsx';
import { type ReadState, readBy } from './receipts.ts';

interface MessageListProps {
  /** In the log's order; shown in the authors' order (`displayOrder`). */
  readonly history: History;
  readonly me: string;
  readonly pending: ReadonlySet<string>;
  readonly readState: ReadState;
  readonly names: ReadonlyMap<string, string>;
  /** Earlier months exist that are not opened yet; `onLoadEarlier` opens the previous one. */
  readonly hasEarlier?: boolean;
  readonly onLoadEarlier?: () => void;
}

/**
 * The height the thread may take: from its top to the composer, less the phone's tab bar when it
 * is fixed at the bottom — measured, not guessed, so a long title, a wrapped sync line or a file
 * picker above the composer never push the newest message under it. Remeasured when any of them
 * changes size.
 */
function useAvailableHeight(ref: RefObject<HTMLDivElement | null>, shown: boolean): number | undefined {
  const [height, setHeight] = useState<number>();
  // biome-ignore lint/correctness/useExhaustiveDependencies: `shown` says when the list's element appears (an empty thread has none)
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const composer = document.querySelector<HTMLElement>('.composer');
    const nav = document.querySelector<HTMLElement>('.app-nav');
    const measure = (): void => {
      const top = el.getBoundingClientRect().top + globalThis.scrollY;
      const bar = nav && getComputedStyle(nav).position === 'fixed' ? nav.offsetHeight : 0;
      const below = (composer?.offsetHeight ?? 0) + bar + 12;
      setHeight(Math.max(200, Math.floor(globalThis.innerHeight - top - below)));
    };
    measure();
    const observer = new ResizeObserver(measure);
    // Anything above the thread that grows or shrinks (the header's sync line, a refusal notice,
    // the title) changes the app body's size too.
    const above = ['.app-header', '.app-body', '.conversation-head'].map((q) => document.querySelector<HTMLElement>(q));
    for (const watched of [composer, nav, ...above]) {
      if (watched) observer.observe(watched);
    }
    globalThis.addEventListener('resize', measure);
    return () => {
      observer.disconnect();
      globalThis.removeEventListener('resize', measure);
    };
  }, [ref, shown]);
  return height;
}

/** Near the bottom, new messages keep the view at the latest; scrolled back, it stays put. */
const STICK_PX = 120;
/** This close to the top, the previous month is opened before the person reaches it. */
const EARLIER_PX = 400;

/**
 * The messages with only those on screen in the DOM, so a long history opens on its latest
 * screen at once and scrolls back smoothly. Earlier months are prepended as the person nears the
 * top; the messages on screen stay where they are.
 */
export function MessageList({ history, me, pending, readState, names, hasEarlier, onLoadEarlier }: MessageListProps) {
  const { t } = useTranslation();
  const order = useMemo(() => displayOrder(history), [history]);
  const messages = useMemo(() => order.map((i) => history.messages[i] as ConversationMessage), [order, history]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const height = useAvailableHeight(scrollRef, messages.length > 0);
  const atBottom = useRef(true);
  const previous = useRef({ firstId: messages[0]?.id, total: 0 });
  const virtualizer = useVirtualizer({
    count: messages.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 72,
    overscan: 10,
    getItemKey: (index) => messages[index]?.id ?? index,
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: follow the latest message as it arrives, or as the thread's height changes
  useLayoutEffect(() => {
    if (!atBottom.current || messages.length === 0) return;
    virtualizer.scrollToIndex(messages.length - 1, { align: 'end' });
    // A long message is measured only once drawn, which moves the end: follow it for a few frames.
    let frames = 0;
    let handle = 0;
    const follow = (): void => {
      const el = scrollRef.current;
      if (el && atBottom.current) el.scrollTop = el.scrollHeight;
      if (++frames < 5) handle = requestAnimationFrame(follow);
    };
    handle = requestAnimationFrame(follow);
    return () => cancelAnimationFrame(handle);
  }, [messages.length, height]);
  // Messages prepended (an earlier month opened): move down by what they add, so nothing jumps.
  useLayoutEffect(() => {
    const el = scrollRef.current;
    const firstId = messages[0]?.id;
    const total = virtualizer.getTotalSize();
    if (el && firstId !== previous.current.firstId && previous.current.firstId !== undefined && !atBottom.current) {
      el.scrollTop += total - previous.current.total;
    }
    previous.current = { firstId, total };
    // A first screen the opened months do not fill: open the previous one at once.
    if (el && hasEarlier && el.scrollHeight <= el.clientHeight) onLoadEarlier?.();
  });
  const onScroll = (): void => {
    const el = scrollRef.current;
    if (!el) return;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < STICK_PX;
    if (hasEarlier && el.scrollTop < EARLIER_PX) onLoadEarlier?.();
  };
  if (messages.length === 0) return <p className="empty chat-empty">{t('chat.noMessages')}</p>;
  return (
    <div
      ref={scrollRef}
      className="message-scroll"
      onScroll={onScroll}
      data-testid="message-list"
      style={height ? { height } : undefined}
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const message = messages[item.index];
          if (!message) return null;
          const relayAt = history.received[order[item.index] ?? -1] ?? null;
          return (
            <div
              key={item.key}
              data-index={item.index}
              ref={virtualizer.measureElement}
              style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${item.start}px)` }}
            >
              <MessageRow
                message={message}
                mine={message.by === me}
                authorName={names.get(message.by) ?? message.by}
                pending={pending.has(message.id)}
                relayAt={relayAt}
                receipts={message.by === me ? readBy(readState, message.id, me) : []}
                names={names}
              />
            </div>
          );
        })}
      </div>
    </div>
  );
}
