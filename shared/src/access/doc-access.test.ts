import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { publishAnnouncement, withdrawAnnouncement } from '../model/announcement.ts';
import { createBulletin, readBulletin, setBulletinAudience } from '../model/bulletin.ts';
import {
  addConversationMember,
  createConversation,
  readConversation,
  removeConversationMember,
  setConversationTitle,
} from '../model/conversation.ts';
import { patchDirectoryPerson, putDirectoryPerson } from '../model/directory-person.ts';
import { markRead, postMessage } from '../model/message.ts';
import { publishPublicKey } from '../model/public-key.ts';
import { createUnitPage, patchUnitFacts, readUnitPage } from '../model/unit-page.ts';
import { createUserDoc, pinDoc, readUserDoc } from '../model/user-doc.ts';
import { bulletinReaders, checkBulletinChange } from './bulletin-access.ts';
import type { ChangeVerdict } from './change-verdict.ts';
import { checkConversationChange, conversationReaders } from './conversation-access.ts';
import type { Person } from './principal.ts';
import { checkUnitPageChange, unitPageReaders } from './unit-page-access.ts';
import { checkUserDocChange, userDocReaders } from './user-doc-access.ts';

function expectVerdict(verdict: ChangeVerdict, expected: 'ok' | RegExp): void {
  if (expected === 'ok') expect(verdict).toEqual({ ok: true });
  else expect(verdict.ok ? 'ok' : verdict.message).toMatch(expected);
}

const owner = { id: 'a', unitId: 'ward-a', rank: 3 };
const member = { id: 'b', unitId: 'ward-a', rank: 5 };
const stranger = { id: 'z', unitId: 'ward-z', rank: 1 };

function conv(): Y.Doc {
  const doc = new Y.Doc();
  createConversation(doc, { id: 'g1', kind: 'group', title: 'Tổ', createdBy: 'a', at: 1, members: ['b', 'c'] });
  postMessage(doc, { id: 'm1', by: 'a', at: 2, text: 'Chào' });
  return doc;
}

type ConvEdit = (doc: Y.Doc, by: string) => void;
const CONV_CASES: [string, Person, ConvEdit, 'ok' | RegExp][] = [
  ['a member posts', member, (d, by) => postMessage(d, { id: 'm2', by, at: 3, text: 'Đã nhận' }), 'ok'],
  [
    'a member posts as someone else',
    member,
    (d) => postMessage(d, { id: 'm2', by: 'a', at: 3, text: 'x' }),
    /gửi tin nhắn nhân danh chính mình/,
  ],
  [
    'a stranger adds themself',
    stranger,
    (d) => addConversationMember(d, 'z', 'member', 'z', 3),
    /không phải là thành viên/,
  ],
  ['a member marks their own read', member, (d, by) => markRead(d, by, 'm1', 3), 'ok'],
  ['a member marks another’s read', member, (d) => markRead(d, 'c', 'm1', 3), /đánh dấu đã đọc cho chính mình/],
  ['a member adds a person', member, (d, by) => addConversationMember(d, 'd', 'member', by, 3), 'ok'],
  [
    'a member appoints an owner',
    member,
    (d, by) => addConversationMember(d, 'd', 'owner', by, 3),
    /chỉ định thêm trưởng nhóm/,
  ],
  ['a member removes another', member, (d, by) => removeConversationMember(d, 'c', by, 3), /đưa người khác ra khỏi/],
  ['a member leaves', member, (d, by) => removeConversationMember(d, by, by, 3), 'ok'],
  ['the owner removes a member', owner, (d, by) => removeConversationMember(d, 'c', by, 3), 'ok'],
  ['a member renames the group', member, (d) => setConversationTitle(d, 'Khác'), /đổi tên/],
  ['the owner renames the group', owner, (d) => setConversationTitle(d, 'Khác'), 'ok'],
];

describe('conversation access', () => {
  it.each(CONV_CASES)('%s', (_name, person, edit, expected) => {
    const doc = conv();
    const before = readConversation(doc);
    edit(doc, person.id);
    expectVerdict(checkConversationChange(person, before, readConversation(doc)), expected);
  });

  it('is read by current members only', () => {
    const doc = conv();
    removeConversationMember(doc, 'c', 'a', 3);
    const c = readConversation(doc);
    expect(c && conversationReaders(c)).toEqual(['user:a', 'user:b']);
  });
});

function page(): Y.Doc {
  const doc = new Y.Doc();
  createUnitPage(doc, { id: 'ward-a', name: 'Phường A', kind: 'ward', parentId: 'ubnd-tp' }, ['admin'], 1, 'seed');
  putDirectoryPerson(doc, {
    id: 'b',
    fullName: 'Lê Văn B',
    positionId: 'specialist',
    position: 'Chuyên viên',
    rank: 5,
  });
  return doc;
}

const admin = { id: 'admin', unitId: 'ward-a', rank: 5 };
const head = { id: 'head', unitId: 'ward-a', rank: 1 };
const key = (personId: string) => ({
  personId,
  keyId: 'k1',
  algorithm: 'Ed25519' as const,
  spki: 'Q'.repeat(60),
  at: 5,
});
const PAGE_CASES: [string, Person, (d: Y.Doc) => void, 'ok' | RegExp][] = [
  ['a directory admin edits a phone number', admin, (d) => patchDirectoryPerson(d, 'b', { phone: '0909111222' }), 'ok'],
  ['the head of the unit edits its address', head, (d) => patchUnitFacts(d, { address: '1 Lê Lợi' }), 'ok'],
  [
    'a member edits their own phone',
    member,
    (d) => patchDirectoryPerson(d, 'b', { phone: '0909111222' }),
    /người cập nhật danh bạ/,
  ],
  [
    'a head of another unit edits the page',
    stranger,
    (d) => patchUnitFacts(d, { address: 'x' }),
    /người cập nhật danh bạ/,
  ],
  ['a member publishes their own key', member, (d) => publishPublicKey(d, key('b')), 'ok'],
  [
    'a member publishes a key for someone else',
    member,
    (d) => publishPublicKey(d, key('admin')),
    /khóa ký của chính mình/,
  ],
];

describe('unit page access', () => {
  it.each(PAGE_CASES)('%s', (_name, person, edit, expected) => {
    const doc = page();
    const before = readUnitPage(doc);
    edit(doc);
    expectVerdict(checkUnitPageChange(person, before, readUnitPage(doc)), expected);
  });

  it('is read by everyone in the city', () => {
    const p = readUnitPage(page());
    expect(p && unitPageReaders(p)).toEqual(['org:all']);
  });
});

describe('user doc access', () => {
  it('is read and written by its owner only', () => {
    const doc = new Y.Doc();
    createUserDoc(doc, 'b');
    const before = readUserDoc(doc);
    pinDoc(doc, 'task/t1', 2);
    const after = readUserDoc(doc);
    expect(after && userDocReaders(after)).toEqual(['user:b']);
    expectVerdict(checkUserDocChange(member, before, after), 'ok');
    expectVerdict(checkUserDocChange(owner, before, after), /riêng của người khác/);
    expectVerdict(checkUserDocChange(owner, null, after), /riêng của người khác/);
  });
});

function bulletin(): Y.Doc {
  const doc = new Y.Doc();
  createBulletin(doc, 'city', { kind: 'unit_kinds', unitKinds: ['ward'] });
  publishAnnouncement(doc, {
    id: 'a1',
    title: 'Bão',
    body: '',
    importance: 'urgent',
    audience: { kind: 'all' },
    by: 'chair',
    at: 1,
  });
  return doc;
}
const chair = { id: 'chair', unitId: 'city', rank: 1 };
const citySpecialist = { id: 'sp', unitId: 'city', rank: 5 };
const announce = (by: string) => (d: Y.Doc) =>
  publishAnnouncement(d, {
    id: 'a2',
    title: 'Họp',
    body: '',
    importance: 'normal',
    audience: { kind: 'all' },
    by,
    at: 2,
  });
const BULLETIN_CASES: [string, Person, (d: Y.Doc) => void, 'ok' | RegExp][] = [
  ['a leader publishes', chair, announce('chair'), 'ok'],
  ['a leader withdraws', chair, (d) => withdrawAnnouncement(d, 'a1', 'chair', 3), 'ok'],
  ['a leader widens the audience', chair, (d) => setBulletinAudience(d, { kind: 'all' }), 'ok'],
  ['a specialist publishes', citySpecialist, announce('sp'), /lãnh đạo đơn vị/],
  ['a ward chairman publishes on the city bulletin', stranger, announce('z'), /lãnh đạo đơn vị/],
  ['a leader publishes in another’s name', chair, announce('vice'), /đăng thông báo nhân danh chính mình/],
];

describe('bulletin access', () => {
  it.each(BULLETIN_CASES)('%s', (_name, person, edit, expected) => {
    const doc = bulletin();
    const before = readBulletin(doc);
    edit(doc);
    expectVerdict(checkBulletinChange(person, before, readBulletin(doc)), expected);
  });

  it('is read by its audience and its own unit', () => {
    const b = readBulletin(bulletin());
    const readers = b && bulletinReaders(b, { unitIdsOfKind: (k) => (k === 'ward' ? ['ward-a', 'ward-b'] : []) });
    expect(readers?.sort()).toEqual(['unit:city', 'unit:ward-a', 'unit:ward-b']);
  });
});
