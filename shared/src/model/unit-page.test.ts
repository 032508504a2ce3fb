import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { patchDirectoryPerson, putDirectoryPerson } from './directory-person.ts';
import { publishPublicKey, revokeKeyAsEditor, revokePublicKey } from './public-key.ts';
import { makeReplicas, mergeAll } from './replica-harness.ts';
import { createUnitPage, patchUnitFacts, putDivision, readUnitPage, setDirectoryAdmin } from './unit-page.ts';

function page(): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = 1;
  createUnitPage(
    doc,
    { id: 'phuong-ben-thanh', name: 'Phường Bến Thành', kind: 'ward', parentId: 'ubnd-tp' },
    ['u-admin'],
    1,
    'system',
  );
  putDivision(doc, { id: 'vp', name: 'Văn phòng HĐND và UBND', order: 1 });
  putDirectoryPerson(doc, {
    id: 'u-1',
    fullName: 'Nguyễn Văn An',
    positionId: 'ward-chair',
    position: 'Chủ tịch UBND Phường Bến Thành',
    rank: 1,
    phone: '0908123456',
  });
  putDirectoryPerson(doc, {
    id: 'u-2',
    fullName: 'Trần Thị Bích',
    positionId: 'specialist',
    position: 'Chuyên viên',
    rank: 5,
    divisionId: 'vp',
  });
  return doc;
}

describe('unit page model', () => {
  it('reads the unit, divisions, people by rank, admins', () => {
    const p = readUnitPage(page());
    expect(p?.unit.name).toBe('Phường Bến Thành');
    expect(p?.divisions.map((d) => d.name)).toEqual(['Văn phòng HĐND và UBND']);
    expect(p?.people.map((x) => x.fullName)).toEqual(['Nguyễn Văn An', 'Trần Thị Bích']);
    expect(p?.admins).toEqual(['u-admin']);
  });

  it('keeps two admins editing different fields of one person', () => {
    const [a, b] = makeReplicas(page(), 2) as [Y.Doc, Y.Doc];
    patchDirectoryPerson(a, 'u-2', { phone: '0909000111' });
    patchDirectoryPerson(b, 'u-2', { position: 'Phó Chánh Văn phòng', positionId: 'deputy-office-chief', rank: 4 });
    patchUnitFacts(a, { address: '1 Lê Lợi' });
    patchUnitFacts(b, { phone: '028 3829 1234' });
    mergeAll([a, b], [[1], [0]]);
    const person = readUnitPage(a)?.people.find((p) => p.id === 'u-2');
    expect(person).toMatchObject({ phone: '0909000111', rank: 4, position: 'Phó Chánh Văn phòng' });
    expect(readUnitPage(a)?.unit).toMatchObject({ address: '1 Lê Lợi', phone: '028 3829 1234' });
    expect(readUnitPage(b)).toEqual(readUnitPage(a));
  });

  it('refuses invalid contacts and keeps revoked keys', () => {
    const doc = page();
    expect(() => patchDirectoryPerson(doc, 'u-1', { email: 'not-an-email' })).toThrow(/email/);
    expect(() =>
      putDirectoryPerson(doc, { id: 'u-3', fullName: ' ', positionId: 'x', position: 'x', rank: 5 }),
    ).toThrow();
    publishPublicKey(doc, { personId: 'u-1', keyId: 'k1', algorithm: 'ECDSA-P256', spki: 'A'.repeat(120), at: 5 });
    revokePublicKey(doc, 'u-1', 'k1', 9);
    setDirectoryAdmin(doc, 'u-1', true, 'u-admin', 10);
    const p = readUnitPage(doc);
    expect(p?.publicKeys).toEqual([
      { personId: 'u-1', keyId: 'k1', algorithm: 'ECDSA-P256', spki: 'A'.repeat(120), at: 5, revokedAt: 9 },
    ]);
    expect(p?.admins).toEqual(['u-1', 'u-admin']);
  });

  it('an editor’s revocation counts with the owner’s: the earlier wins; one of no key makes no page', () => {
    const doc = page();
    const key = { personId: 'u-2', keyId: 'k2', algorithm: 'ECDSA-P256' as const, spki: 'B'.repeat(120), at: 5 };
    publishPublicKey(doc, key);
    revokeKeyAsEditor(doc, 'u-2', 'k2', 'u-admin', 20);
    expect(readUnitPage(doc)?.publicKeys).toEqual([{ ...key, revokedAt: 20 }]);
    revokePublicKey(doc, 'u-2', 'k2', 12);
    expect(readUnitPage(doc)?.publicKeys).toEqual([{ ...key, revokedAt: 12 }]);
    expect(() => revokeKeyAsEditor(doc, 'u-2', 'nope', 'u-admin', 30)).toThrow(/no key/);
    doc.getMap('revocations').set('u-9/k9', { at: 1, by: 'u-admin' });
    expect(readUnitPage(doc)).toBeNull();
  });

  it('reads a page holding a malformed person as no page', () => {
    const doc = page();
    doc.getMap('people').set('u-9', 'garbage');
    expect(readUnitPage(doc)).toBeNull();
  });
});
