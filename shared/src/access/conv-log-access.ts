import { type ConvLog, messagePeriod } from '../model/conv-log.ts';
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

/** Whether a log's content matches the doc id it is stored under (`<convId>_<period>`). */
export function logMatchesId(log: ConvLog, id: string): boolean {
  return id === `${log.convId}_${log.period}`;
}
