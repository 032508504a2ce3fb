import { docId as makeDocId } from '@thongsuot/shared/ids';
import { convLogId, HEAD_PERIOD, readLogMessages } from '@thongsuot/shared/model/conv-log';
import type { ConversationMessage } from '@thongsuot/shared/model/message';
import { receiptsOfList } from '@thongsuot/shared/model/receipts';
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo, useRef, useState } from 'react';
import { usePlatform } from '../shell/platform-context.ts';
import { earlierPeriod, firstScreenFrom, type History, joinSegments, type Segment } from './conversation-history.ts';

export interface ConversationHistoryState {
  readonly history: History;
  /** Earlier months exist that are not opened yet. */
  readonly hasEarlier: boolean;
  /** Opens the month before the earliest opened one. */
  readonly loadEarlier: () => void;
  /** Until the first screen's months are open. */
  readonly loading: boolean;
}

/**
 * A conversation's messages as the view shows them: the months that exist on the device are read
 * from their summary rows (`convLogs`, written with each log's updates); only the latest months
 * that fill the first screen are opened, earlier ones when the person scrolls back. Each opened
 * month is re-read when it changes (a rebuilt log is opened again). `headMessages`: the messages
 * the head doc held before the logs, shown as the oldest part once everything else is open.
 */
export function useConversationHistory(
  convId: string,
  headMessages: readonly ConversationMessage[] | null,
  headReceived?: ReadonlyMap<string, number>,
): ConversationHistoryState {
  const { db, repository } = usePlatform();
  const segments = useLiveQuery(() => db.convLogs.where('convId').equals(convId).toArray(), [convId]);
  const [chosen, setChosen] = useState<{ convId: string; from: string } | null>(null);
  const [months, setMonths] = useState<ReadonlyMap<string, Segment>>(new Map());
  const [generation, setGeneration] = useState(0);
  const opened = useRef(new Map<string, () => void>());
  const ready = useRef(false);

  // The head's own messages count even before its summary row is written (rows older than v8).
  const counted = useMemo(() => {
    const months = (segments ?? []).filter((s) => s.count > 0 && s.period !== HEAD_PERIOD);
    const head = headMessages?.length ?? 0;
    return head > 0 ? [...months, { period: HEAD_PERIOD, count: head }] : months;
  }, [segments, headMessages]);
  const periods = useMemo(() => counted.map((s) => s.period), [counted]);
  const from = chosen?.convId === convId ? chosen.from : segments ? firstScreenFrom(counted) : null;
  const wanted = useMemo(
    () => (from === null ? [] : periods.filter((p) => p >= from && p !== HEAD_PERIOD).sort()),
    [from, periods],
  );
  const wantedKey = wanted.join(',');

  // Another conversation: close what the last one opened.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the conversation changes
  useEffect(() => {
    ready.current = false;
    return () => {
      for (const detach of opened.current.values()) detach();
      opened.current.clear();
      setMonths(new Map());
    };
  }, [convId]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `wantedKey` and `generation` decide what to open
  useEffect(() => {
    for (const period of wanted) {
      if (opened.current.has(period)) continue;
      let live = true;
      let detach = (): void => {
        live = false;
      };
      opened.current.set(period, () => detach());
      void repository()
        .then((docs) => docs.open(makeDocId('convlog', convLogId(convId, period))))
        .then((doc) => {
          if (!live) return;
          const refresh = (): void =>
            setMonths((m) =>
              new Map(m).set(period, {
                period,
                messages: readLogMessages(doc),
                received: receiptsOfList(doc, 'messages'),
              }),
            );
          const reopen = (): void => {
            detach();
            opened.current.delete(period);
            setGeneration((n) => n + 1);
          };
          doc.on('update', refresh);
          doc.on('destroy', reopen);
          detach = () => {
            live = false;
            doc.off('update', refresh);
            doc.off('destroy', reopen);
          };
          refresh();
        });
    }
  }, [convId, wantedKey, generation, repository]);

  const history = useMemo(() => {
    const parts: Segment[] = wanted.flatMap((p) => {
      const month = months.get(p);
      return month ? [month] : [];
    });
    if (from === HEAD_PERIOD && headMessages && headMessages.length > 0) {
      parts.push({ period: HEAD_PERIOD, messages: headMessages, ...(headReceived ? { received: headReceived } : {}) });
    }
    return joinSegments(parts);
  }, [wanted, months, from, headMessages, headReceived]);

  // Chosen once per conversation: months filling up later do not drop what is on screen.
  useEffect(() => {
    if (from !== null && chosen?.convId !== convId) setChosen({ convId, from });
  }, [from, chosen, convId]);

  const missing = segments === undefined || wanted.some((p) => !months.has(p));
  if (!missing) ready.current = true;
  const earlier = from === null ? null : earlierPeriod(periods, from);
  return {
    history,
    hasEarlier: earlier !== null,
    // One month at a time: nothing more until the months asked for are open.
    loadEarlier: () => {
      if (earlier !== null && !missing) setChosen({ convId, from: earlier });
    },
    loading: !ready.current && missing,
  };
}
