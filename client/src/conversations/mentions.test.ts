import { describe, expect, it } from 'vitest';
import { mentionedIds } from './mentions.ts';

describe('the people a message calls on', () => {
  const people = new Map([
    ['u-lan', 'Huỳnh Thị Ngọc Lan'],
    ['u-dung', 'Trần Văn Dũng'],
  ]);
  it('are those whose full name follows an @, with or without diacritics', () => {
    expect(mentionedIds('@huynh thi ngoc lan và @Trần Văn Dũng xem giúp', people)).toEqual(['u-dung', 'u-lan']);
    expect(mentionedIds('chị Huỳnh Thị Ngọc Lan xem giúp', people)).toEqual([]);
    expect(mentionedIds('@Trần Văn', people)).toEqual([]);
  });
});
