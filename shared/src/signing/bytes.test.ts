import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromBase64, fromBase64url, sha256Hex, toBase64, toBase64url, utf8 } from './bytes.ts';

describe('bytes', () => {
  it('encodes base64 as RFC 4648 does', () => {
    const vectors = ['', 'Zg==', 'Zm8=', 'Zm9v', 'Zm9vYg==', 'Zm9vYmE=', 'Zm9vYmFy'];
    vectors.forEach((expected, n) => {
      expect(toBase64(utf8('foobar'.slice(0, n)))).toBe(expected);
    });
    expect(toBase64url(new Uint8Array([0xfb, 0xff, 0xfe]))).toBe('-__-');
    expect(toBase64(new Uint8Array([0xfb, 0xff, 0xfe]))).toBe('+//+');
    expect(() => fromBase64('Zm9v!')).toThrow();
    expect(() => fromBase64url('Z')).toThrow();
  });

  it('round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(fromBase64(toBase64(bytes))).toEqual(bytes);
        expect(fromBase64url(toBase64url(bytes))).toEqual(bytes);
      }),
      { seed: 20_260_318, numRuns: 300 },
    );
  });

  it('hashes with SHA-256 in lowercase hex', async () => {
    expect(await sha256Hex(utf8('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
