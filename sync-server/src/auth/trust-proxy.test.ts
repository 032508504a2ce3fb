import { expect, it } from 'vitest';
import { parseTrustProxy } from './trust-proxy.ts';

it('trusts no proxy unless told which, and refuses settings that would trust any peer', () => {
  expect(parseTrustProxy(undefined)).toBe(false);
  expect(parseTrustProxy('')).toBe(false);
  expect(parseTrustProxy('false')).toBe(false);
  expect(parseTrustProxy('0')).toBe(false);
  expect(parseTrustProxy('127.0.0.1')).toEqual(['127.0.0.1']);
  expect(parseTrustProxy(' 127.0.0.1, 10.0.0.0/8 ,,loopback ')).toEqual(['127.0.0.1', '10.0.0.0/8', 'loopback']);
  expect(() => parseTrustProxy('true')).toThrow(/TRUST_PROXY/);
  expect(() => parseTrustProxy('2')).toThrow(/TRUST_PROXY/);
});
