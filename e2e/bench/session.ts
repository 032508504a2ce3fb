import { DEMO_PASSWORD } from '@thongsuot/shared';

/** Signs a demo account in over HTTP and returns its session cookie (`name=value`), for bench sockets. */
export async function signInCookie(url: string, username: string): Promise<string> {
  const response = await fetch(`${url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  const cookie = response.headers.get('set-cookie')?.split(';')[0];
  if (!response.ok || !cookie) throw new Error(`sign-in of ${username} failed: ${response.status}`);
  return cookie;
}
