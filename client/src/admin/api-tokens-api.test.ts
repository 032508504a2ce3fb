import { describe, expect, it } from 'vitest';
import { type ApiTokenView, checkDraft, sortTokens, tokenState, unitChoices } from './api-tokens-api.ts';

const token = (id: string, createdAt: number, revokedAt: number | null, disabled = false): ApiTokenView => ({
  id,
  name: id,
  actingId: 'u-vanphong',
  acting: { id: 'u-vanphong', username: 'vanphong', fullName: 'Nguyễn Văn An', unitId: 'vp-ubnd', disabled },
  scopes: ['tasks:read'],
  units: ['vp-ubnd'],
  createdBy: 'u-quantri',
  createdAt,
  revokedAt,
  lastUsedAt: null,
});

describe('the new token form', () => {
  it('names every missing part at once and sends nothing', () => {
    const checked = checkDraft({ name: '  ', actingUsername: '', scopes: new Set(), units: new Set() });
    expect(checked).toEqual({ errors: ['name', 'acting', 'scopes', 'units'], body: null });
  });

  it('sends the username as the relay stores it, the scopes in its order and the units sorted', () => {
    const checked = checkDraft({
      name: ' Hệ thống QLVB ',
      actingUsername: ' VanPhong ',
      scopes: new Set(['tasks:read', 'directives:create'] as const),
      units: new Set(['vp-ubnd', 'phuong-ben-thanh']),
    });
    expect(checked).toEqual({
      errors: [],
      body: {
        name: 'Hệ thống QLVB',
        actingUsername: 'vanphong',
        scopes: ['directives:create', 'tasks:read'],
        units: ['phuong-ben-thanh', 'vp-ubnd'],
      },
    });
  });

  it('finds units without diacritics and never hides a chosen one', () => {
    const units = [
      { id: 'phuong-ben-thanh', name: 'Phường Bến Thành' },
      { id: 'so-xay-dung', name: 'Sở Xây dựng' },
      { id: 'dac-khu-con-dao', name: 'Đặc khu Côn Đảo' },
    ];
    expect(unitChoices(units, 'ben thanh', new Set()).map((u) => u.id)).toEqual(['phuong-ben-thanh']);
    expect(unitChoices(units, 'dac khu', new Set()).map((u) => u.id)).toEqual(['dac-khu-con-dao']);
    expect(unitChoices(units, 'xay', new Set(['phuong-ben-thanh'])).map((u) => u.id)).toEqual([
      'phuong-ben-thanh',
      'so-xay-dung',
    ]);
    expect(unitChoices(units, '', new Set())).toHaveLength(3);
  });
});

describe('the token list', () => {
  it('tells a live token from a revoked one and from one whose acting person was disabled', () => {
    expect(tokenState(token('a', 1, null))).toBe('active');
    expect(tokenState(token('b', 1, 5))).toBe('revoked');
    expect(tokenState(token('c', 1, null, true))).toBe('acting_disabled');
  });

  it('lists live tokens first, newest first, then the revoked ones', () => {
    const sorted = sortTokens([
      token('old', 1, null),
      token('gone', 3, 10),
      token('new', 2, null),
      token('gone2', 4, 20),
    ]);
    expect(sorted.map((t) => t.id)).toEqual(['new', 'old', 'gone2', 'gone']);
  });
});
