import * as v from 'valibot';
import { type ConvLog, type ConvLogHead, messagePeriod } from '../model/conv-log.ts';
import { ConversationMessageSchema } from '../model/message.ts';
import { appended, type ChangeVerdict, OK, refuse } from './change-verdict.ts';
import type { Person } from './principal.ts';

/**
 * Whether a person may make this change to one month of a conversation's messages. Who may
 * write at all (the members of the conversation) is decided from the head doc by the relay;
 * this checks the change itself: messages are only appended, each in its author's own name and
 * in the log of its month, and the log's identity never changes.
 */
export function checkConvLogChange(person: Person, before: ConvLog | null, after: ConvLog | null): ChangeVerdict {
  if (after === null)
    return refuse('invalid_doc', 'Thay đổi này làm nhật ký tin nhắn thiếu thông tin hoặc không hợp lệ.');
  if (before !== null && (before.convId !== after.convId || before.period !== after.period)) {
    return refuse('forbidden', 'Không được chuyển nhật ký tin nhắn sang cuộc trao đổi hoặc tháng khác.');
  }
  const added = appended(before?.messages ?? [], after.messages, (m) => m.id);
  if (added === null) return refuse('forbidden', 'Không được sửa hoặc xóa tin nhắn đã gửi.');
  if (added.some((m) => m.by !== person.id))
    return refuse('forbidden', 'Bạn chỉ được gửi tin nhắn nhân danh chính mình.');
  if (added.some((m) => messagePeriod(m.at) !== after.period)) {
    return refuse('forbidden', 'Tin nhắn phải được lưu vào nhật ký của đúng tháng gửi.');
  }
  return OK;
}

/**
 * The relay's check of a write to a month log, by the messages it adds (the write's transaction
 * has already been checked to only append, each entry in the writer's name): every added
 * message is a valid message in its author's own name, of this log's month, with an id no other
 * message of the log carries; the log's identity never changes.
 */
export function checkConvLogAppend(
  person: Person,
  before: ConvLogHead | null,
  after: ConvLogHead,
  added: readonly unknown[],
): ChangeVerdict {
  if (before !== null && (before.convId !== after.convId || before.period !== after.period)) {
    return refuse('forbidden', 'Không được chuyển nhật ký tin nhắn sang cuộc trao đổi hoặc tháng khác.');
  }
  const ids = new Set<string>();
  for (const raw of added) {
    const parsed = v.safeParse(ConversationMessageSchema, raw);
    if (!parsed.success) return refuse('invalid_doc', 'Tin nhắn thiếu thông tin hoặc không hợp lệ.');
    const m = parsed.output;
    if (m.by !== person.id) return refuse('forbidden', 'Bạn chỉ được gửi tin nhắn nhân danh chính mình.');
    if (messagePeriod(m.at) !== after.period) {
      return refuse('forbidden', 'Tin nhắn phải được lưu vào nhật ký của đúng tháng gửi.');
    }
    if (ids.has(m.id)) return refuse('forbidden', 'Không được sửa hoặc xóa tin nhắn đã gửi.');
    ids.add(m.id);
  }
  for (const count of after.occurrences(ids).values()) {
    if (count > 1) return refuse('forbidden', 'Không được sửa hoặc xóa tin nhắn đã gửi.');
  }
  return OK;
}

/** Whether a log's content matches the doc id it is stored under (`<convId>_<period>`). */
export function logMatchesId(log: Pick<ConvLog, 'convId' | 'period'>, id: string): boolean {
  return id === `${log.convId}_${log.period}`;
}
