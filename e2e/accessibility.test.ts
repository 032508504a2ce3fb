// Issue 18 item 3: contrast and the rest of WCAG AA on every main screen, measured with axe-core
// (the engine Lighthouse's accessibility audit runs) on a signed-in 360-px phone and a desktop,
// including the sign-in form and its error state, task cards with their saved state, a task's page
// and the offline state. Serious and
// critical violations must be none.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { DEMO_PASSWORD } from '@thongsuot/shared';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, expect, it } from 'vitest';
import { phoneContext, signedInPage } from './support/browser.ts';
import { useRig } from './support/rig.ts';

const rig = useRig('accessibility');
const opened: BrowserContext[] = [];
afterAll(async () => {
  for (const context of opened) await context.close();
});

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  id: string;
  impact: string | null;
  nodes: { target: string[] }[];
}

/** axe on the page as it is: the serious and critical violations, each with where. */
async function serious(page: Page, where: string): Promise<string[]> {
  // Evaluated through the DevTools protocol: the app's CSP forbids inline scripts, and keeps doing so.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(o: unknown): Promise<{ violations: Violation[] }> } }).axe;
    const result = await axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa'] } });
    return result.violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${where}: ${v.id} (${v.impact}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

const SCREENS = ['/', '/tasks', '/tasks/new', '/directory', '/conversations', '/dashboard', '/settings'] as const;

it('no serious or critical violation on the main screens, the sign-in and its error, a task and offline', async () => {
  const found: string[] = [];
  // The harness itself finds what it must: grey text on white is a serious contrast violation.
  const control = await (await phoneContext(rig.browser)).newPage();
  opened.push(control.context());
  await control.goto(rig.server.url);
  await control.getByRole('button', { name: 'Đăng nhập' }).waitFor();
  await control.evaluate(() => {
    const p = document.createElement('p');
    p.textContent = 'Chữ xám nhạt khó đọc';
    p.style.cssText = 'color:#b0b0b0;background:#fff';
    document.body.append(p);
  });
  expect((await serious(control, 'control')).join()).toContain('color-contrast');
  // And the CSP's reports are heard: an inline script is blocked and said so.
  const blocked = control.evaluate(
    () =>
      new Promise<string>((resolve) => {
        document.addEventListener('securitypolicyviolation', (e) => resolve(e.violatedDirective));
        const script = document.createElement('script');
        script.textContent = 'window.__ran = true';
        document.body.append(script);
      }),
  );
  expect(await blocked).toMatch(/^script-src/);
  // The sign-in form, and after a wrong password.
  const context = await phoneContext(rig.browser);
  opened.push(context);
  const signInPage = await context.newPage();
  await signInPage.goto(rig.server.url);
  await signInPage.getByRole('button', { name: 'Đăng nhập' }).waitFor();
  found.push(...(await serious(signInPage, 'phone sign-in')));
  await signInPage.getByLabel('Tên đăng nhập').fill('benthanh');
  await signInPage.getByLabel('Mật khẩu').fill(`${DEMO_PASSWORD}-sai`);
  await signInPage.getByRole('button', { name: 'Đăng nhập' }).click();
  await signInPage.getByRole('alert').first().waitFor();
  found.push(...(await serious(signInPage, 'phone sign-in error')));

  // The City Office on a desk assigns work to the ward: task cards with their saved state, and a
  // task's page, are on screen below.
  for (const [kind, username] of [
    ['desktop', 'vanphong'],
    ['phone', 'benthanh'],
  ] as const) {
    const page = await signedInPage(rig.browser, rig.server.url, kind, username, opened);
    // The strict CSP (docs/operations.md "Security headers") is one the app passes: nothing it
    // does is blocked, on any screen below.
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { __csp: string[] }).__csp = seen;
      document.addEventListener('securitypolicyviolation', (e) => {
        seen.push(`${e.violatedDirective} ${e.blockedURI}`);
      });
    });
    const cspOf = async (where: string) =>
      ((await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? [])) as string[]).map(
        (v) => `${where}: CSP blocked ${v}`,
      );
    if (username === 'vanphong') {
      await page.goto(`${rig.server.url}/tasks/new`);
      await page.getByLabel('Tên nhiệm vụ').fill('Rà soát hộ kinh doanh trên đường Nguyễn Huệ');
      await page.getByLabel('Đơn vị nhận').selectOption({ label: 'Phường Bến Thành' });
      await page.getByRole('button', { name: 'Giao việc' }).click();
      await page.getByTestId('task-card').first().waitFor();
      await page.getByText('Đã lưu trên máy chủ').first().waitFor();
      found.push(...(await serious(page, `${kind} task list with a saved card`)));
    } else {
      await page.getByTestId('task-card').first().waitFor({ timeout: 30_000 });
    }
    await page.getByTestId('task-card').first().click();
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    found.push(...(await serious(page, `${kind} a task's page`)));
    for (const path of SCREENS) {
      await page.goto(`${rig.server.url}${path}`);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      found.push(...(await serious(page, `${kind} ${path}`)));
      found.push(...(await cspOf(`${kind} ${path}`)));
    }
    if (kind === 'phone') {
      // Offline, the header and the notices say so.
      await page.context().setOffline(true);
      await page.goto(`${rig.server.url}/`).catch(() => undefined);
      await page.getByTestId('sync-state').filter({ hasText: 'Ngoại tuyến' }).waitFor();
      found.push(...(await serious(page, 'phone offline')));
      await page.context().setOffline(false);
    }
  }
  expect(found, found.join('\n')).toEqual([]);
}, 240_000);
