import { describe, expect, it } from 'vitest';
import { registeredFromAbove } from './issuer-line.ts';

describe('who gives a task: the issuing body and its registrant, apart', () => {
  it('a Government Office directive typed in by the City Office names the Government Office as its giver', () => {
    expect(registeredFromAbove({ sourceLevel: 'government_office', issuerUnitId: 'vp-ubnd', hasParent: false })).toBe(
      'government_office',
    );
  });
  it('the Chairman’s own directive, and a ward’s hand-down of a Government Office task, are given by their issuer', () => {
    expect(
      registeredFromAbove({ sourceLevel: 'city_people_committee', issuerUnitId: 'ubnd-tp', hasParent: false }),
    ).toBe(null);
    expect(
      registeredFromAbove({ sourceLevel: 'government_office', issuerUnitId: 'phuong-ben-thanh', hasParent: true }),
    ).toBe(null);
  });
});
