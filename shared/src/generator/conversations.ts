import * as Y from 'yjs';
import { createConversation, directConversationId } from '../model/conversation.ts';
import { markRead, postMessage } from '../model/message.ts';
import type { Official } from '../org/org-unit.ts';
import { as, encode, type GeneratedDoc } from './actor.ts';
import type { CityIndex } from './city-index.ts';
import type { Random } from './prng.ts';
import type { GeneratedTask } from './tasks.ts';
import { messageText } from './texts.ts';

/**
 * Conversations: direct ones (mostly within a unit), working groups, a few very large groups
 * (all ward chairmen), and case groups around tasks; each with messages and read markers.
 */
export interface ConversationWorkloadOptions {
  readonly conversations: number;
  readonly now: number;
}

const HOUR = 3_600_000;

export function* generateConversations(
  index: CityIndex,
  random: Random,
  cases: readonly GeneratedTask[],
  options: ConversationWorkloadOptions,
): Generator<GeneratedDoc> {
  const officials = index.city.officials;
  const seen = new Set<string>();
  let groups = 0;
  for (let made = 0; made < options.conversations; ) {
    const roll = random.next();
    const at = options.now - random.int(1, 90 * 24) * HOUR;
    const doc = new Y.Doc();
    let id: string;
    let members: Official[];
    if (roll < 0.55) {
      const a = random.pick(officials);
      const pool = random.chance(0.7) ? index.staffOf(a.unitId) : officials;
      const b = random.pick(pool);
      id = directConversationId(a.id, b.id);
      if (a.id === b.id || seen.has(id)) continue;
      members = [a, b];
      as(doc, a.id, () => createConversation(doc, { id, kind: 'direct', createdBy: a.id, at, members: [b.id] }));
    } else if (roll < 0.9 || cases.length === 0) {
      id = `g${String(++groups).padStart(6, '0')}`;
      const huge = random.chance(0.02);
      members = huge
        ? index.unitsOfKind('ward', 'commune', 'special_zone').map((u) => index.headOf(u.id))
        : random.sample(index.staffOf(random.pick(index.city.units).id), random.int(3, 30));
      const owner = members[0];
      if (!owner || members.length < 2) continue;
      const title = huge ? 'Chủ tịch UBND 168 phường, xã, đặc khu' : `Tổ công tác ${groups}`;
      as(doc, owner.id, () =>
        createConversation(doc, {
          id,
          kind: 'group',
          title,
          createdBy: owner.id,
          at,
          members: members.map((m) => m.id),
        }),
      );
    } else {
      const task = random.pick(cases);
      id = `case-${task.taskId}`.slice(0, 64);
      const issuer = index.official(task.issuerId);
      const recipients = task.recipients.flatMap((r) =>
        r.kind === 'person' ? [index.official(r.id)] : index.leadersOf(r.id).slice(0, 1),
      );
      members = [issuer, ...recipients].filter((m): m is Official => m !== undefined).slice(0, 200);
      const owner = members[0];
      if (!owner || seen.has(id) || members.length < 2) continue;
      as(doc, owner.id, () =>
        createConversation(doc, {
          id,
          kind: 'case',
          taskId: task.taskId,
          title: 'Nhóm xử lý công việc',
          createdBy: owner.id,
          at,
          members: members.map((m) => m.id),
        }),
      );
    }
    seen.add(id);
    chat(doc, random, members, at, options.now);
    yield encode(`conv/${id}`, doc);
    made++;
  }
}

function chat(doc: Y.Doc, random: Random, members: readonly Official[], start: number, now: number): void {
  const count = members.length > 100 ? random.int(50, 300) : Math.floor(2 + random.next() ** 2 * 80);
  let at = start;
  let last = '';
  for (let i = 1; i <= count; i++) {
    at = Math.min(now, at + random.int(1, 240) * 60_000);
    const author = random.pick(members);
    last = `m${i}`;
    const id = last;
    as(doc, author.id, () => postMessage(doc, { id, by: author.id, at, text: messageText(random) }));
  }
  for (const m of members) {
    if (random.chance(0.7))
      as(doc, m.id, () => markRead(doc, m.id, random.chance(0.6) ? last : `m${random.int(1, count)}`, now));
  }
}
