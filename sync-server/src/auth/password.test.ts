import { expect, it } from 'vitest';
import { hashAll, temporaryPassword } from '../admin/temporary-password.ts';
import { hashPassword, verifyPassword } from './password.ts';

// Passwords people choose cost a 32 MiB scrypt; the random one-time passwords administrators hand
// over (~59 bits) a 4 MiB one, stored with their parameters, so both verify (auth/password.ts).
it('hashes chosen passwords at 32 MiB and one-time passwords at 4 MiB; each verifies, nothing else does', async () => {
  const chosen = await hashPassword('Mật-khẩu của tôi 2026');
  expect(chosen).toMatch(/^scrypt\$32768\$8\$1\$/);
  expect(await verifyPassword('Mật-khẩu của tôi 2026', chosen)).toBe(true);
  expect(await verifyPassword('Mat-khau cua toi 2026', chosen)).toBe(false);

  const oneTime = temporaryPassword();
  expect(oneTime).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
  const [stored] = await hashAll([oneTime]);
  expect(stored).toMatch(/^scrypt\$4096\$8\$1\$/);
  expect(await verifyPassword(oneTime, stored as string)).toBe(true);
  expect(await verifyPassword(temporaryPassword(), stored as string)).toBe(false);
});
