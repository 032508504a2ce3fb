import {
  isNotificationRead,
  NO_NOTIFICATION_READS,
  type NotificationReads,
} from '@thongsuot/shared/model/notification-reads';
import { feedFor, readerOf } from '../conversations/announcements.ts';
import { mentions } from '../conversations/mentions.ts';
import { inboxRange } from '../inbox/inbox-keys.ts';
import type { ConversationRow, LocalDb, TaskRow } from '../store/local-db.ts';

export const NOTIFICATION_KINDS = ['assigned', 'urged', 'decided', 'mention', 'announcement'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * One entry of the notification center. Nothing is stored but the read marks: the entries are
 * derived from the rows the repository projects from the docs, so they appear offline as soon as
 * a doc arrives and can never disagree with it.
 */
export interface AppNotification {
  /** Stable across re-derivations, so a read mark keeps applying. */
  readonly id: string;
  readonly kind: NotificationKind;
  readonly at: number;
  readonly title: string;
  /** approved / rejected for a decision, the importance of an announcement. */
  readonly detail?: string;
  readonly href: string;
  readonly read: boolean;
}

export interface Recipient {
  readonly id: string;
  readonly unitId: string;
  readonly fullName: string;
}

/** At most this many entries, newest first. */
const LIMIT = 200;

function taskPath(docId: string): string {
  return `/tasks/${docId.slice('task/'.length)}`;
}

/** The time in an inbox key `<who>|<kind>|<time key>`. */
function keyTime(key: string): number {
  return Number(key.slice(key.lastIndexOf('|') + 1));
}

async function byKind(db: LocalDb, who: string, kind: 'new' | 'urged' | 'decided'): Promise<TaskRow[]> {
  const [lower, upper] = inboxRange(who, kind);
  return db.tasks.where('inboxKeys').between(lower, upper, true, true).distinct().toArray();
}

function mentionsOf(rows: readonly ConversationRow[], me: Recipient): Omit<AppNotification, 'read'>[] {
  const out: Omit<AppNotification, 'read'>[] = [];
  for (const row of rows) {
    for (const m of row.atMessages ?? []) {
      // The ids the writer chose, when the message names them; older messages by name.
      const named = m.mentions ? m.mentions.includes(me.id) : mentions(m.folded, me.fullName);
      if (m.by === me.id || !named) continue;
      out.push({
        id: `mention:${row.docId}:${m.id}`,
        kind: 'mention',
        at: m.at,
        title: row.title || row.lastText,
        href: `/conversations/${row.docId.slice('conv/'.length)}`,
      });
    }
  }
  return out;
}

/**
 * Everything the person (or their unit) is notified of, from what is on this device. `reads`: the
 * person's read marks, from their doc (read-marks.ts), so they follow them across devices.
 */
export async function collectNotifications(
  db: LocalDb,
  me: Recipient,
  today: string,
  reads: NotificationReads = NO_NOTIFICATION_READS,
): Promise<AppNotification[]> {
  const out: Omit<AppNotification, 'read'>[] = [];
  for (const who of [me.id, me.unitId]) {
    for (const row of await byKind(db, who, 'new')) {
      out.push({
        id: `assigned:${row.docId}:${who}`,
        kind: 'assigned',
        at: row.createdAt,
        title: row.title,
        href: taskPath(row.docId),
      });
    }
    const [urgedLower] = inboxRange(who, 'urged');
    for (const row of await byKind(db, who, 'urged')) {
      for (const key of row.inboxKeys ?? []) {
        if (!key.startsWith(urgedLower)) continue;
        const at = keyTime(key);
        out.push({
          id: `urged:${row.docId}:${who}:${at}`,
          kind: 'urged',
          at,
          title: row.title,
          href: taskPath(row.docId),
        });
      }
    }
    for (const row of await byKind(db, who, 'decided')) {
      for (const d of row.decisions ?? []) {
        if (d.recipientId !== who) continue;
        out.push({
          id: `decided:${row.docId}:${d.requestId}`,
          kind: 'decided',
          at: d.at,
          title: row.title,
          detail: d.outcome,
          href: taskPath(row.docId),
        });
      }
    }
  }
  out.push(...mentionsOf(await db.conversations.where('memberIds').equals(me.id).toArray(), me));
  const [announcements, reader] = await Promise.all([
    db.announcements.orderBy('at').reverse().limit(LIMIT).toArray(),
    readerOf(db, me),
  ]);
  for (const a of feedFor(announcements, reader, today)) {
    if (a.by === me.id) continue;
    out.push({
      id: `announcement:${a.key}`,
      kind: 'announcement',
      at: a.at,
      title: a.title,
      detail: a.importance,
      href: '/conversations/announcements',
    });
  }
  const unique = new Map(out.map((n) => [n.id, n]));
  const newest = [...unique.values()].sort((a, b) => b.at - a.at).slice(0, LIMIT);
  return newest.map((n) => ({ ...n, read: isNotificationRead(reads, n.id, n.at) }));
}
