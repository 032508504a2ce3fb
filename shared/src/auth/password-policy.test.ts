import { expect, it } from 'vitest';
import { passwordProblem } from './password-policy.ts';

const context = { username: 'benthanh.cv', current: 'Tạm-thời-123', forbidden: ['thongsuot2026'] };

it('refuses the passwords people pick first, and takes a long one of their own', () => {
  expect(passwordProblem('ngắn quá', context)).toBe('too_short');
  expect(passwordProblem('BenThanh.CV', context)).toBe('username');
  expect(passwordProblem(' BenThanh.CV ', context)).toBe('username');
  expect(passwordProblem('Tạm-thời-123', context)).toBe('same_as_current');
  expect(passwordProblem('ThongSuot2026', context)).toBe('forbidden');
  expect(passwordProblem('0908100009', context)).toBe('digits_only');
  expect(passwordProblem('xxxxxxxxxxxx', context)).toBe('one_character');
  expect(passwordProblem('Bến Thành mùa mưa', context)).toBeNull();
  // Ten characters, counted as a person sees them (composed Vietnamese letters are one each).
  expect(passwordProblem('đường phố!', context)).toBeNull();
  expect(passwordProblem('đường phố', context)).toBe('too_short');
});
