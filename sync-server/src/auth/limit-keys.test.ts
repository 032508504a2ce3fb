import { expect, it } from 'vitest';
import { addressKey, limitKey } from './limit-keys.ts';

it('counts an IPv6 client by its /64, an IPv4-mapped one as IPv4, and IPv4 as it is', () => {
  const network = addressKey('2001:db8:abcd:12::1');
  expect(addressKey('2001:0db8:abcd:0012:ffff:ffff:ffff:fffe')).toBe(network);
  expect(addressKey('2001:db8:abcd:12:0:0:0:9%eth0')).toBe(network);
  expect(addressKey('2001:db8:abcd:13::1')).not.toBe(network);
  expect(addressKey('::1')).toBe('0:0:0:0::/64');
  expect(addressKey('::ffff:203.113.5.9')).toBe('203.113.5.9');
  expect(addressKey('203.113.5.9')).toBe('203.113.5.9');
});

it('keeps the counts of two limits apart for one subject', () => {
  expect(limitKey('sign-in:address', '203.113.5.9')).not.toBe(limitKey('second-step:address', '203.113.5.9'));
});
