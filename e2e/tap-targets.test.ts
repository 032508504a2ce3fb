// Issue 17, item 15: every control on a phone is at least 44 px tall and wide, so a thumb finds
// it; measured on the screens officials use most, on a 360-px phone.
import { DEMO_PASSWORD } from '@thongsuot/shared';
import type { Page } from 'playwright-core';
import { afterAll, expect, it } from 'vitest';
import { phoneContext, signIn, syncState } from './support/browser.ts';
import { useRig } from './support/rig.ts';

const rig = useRig('tap-targets');
const pages: Page[] = [];
afterAll(async () => {
  for (const page of pages) await page.context().close();
});

/** Visible controls smaller than 44 × 44 px (inline links inside running text excepted). */
function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const controls = document.querySelectorAll<HTMLElement>(
      'a[href], button, input:not([type="hidden"]), select, textarea, summary, [role="tab"], label.button',
    );
    for (const control of controls) {
      // A checkbox is tapped through its whole label row.
      const el =
        control instanceof HTMLInputElement && (control.type === 'checkbox' || control.type === 'radio')
          ? (control.closest('label') ?? control)
          : control;
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || el.closest('.visually-hidden')) continue;
      if (el.classList.contains('visually-hidden')) continue;
      // A link inside a sentence is sized by its text (WCAG 2.5.8's inline exception).
      if (el.tagName === 'A' && style.display === 'inline' && el.parentElement?.tagName === 'P') continue;
      if (box.height < 44 || box.width < 44) {
        const name = (el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40);
        out.push(
          `${el.tagName.toLowerCase()}.${el.className} "${name}" ${Math.round(box.width)}×${Math.round(box.height)}`,
        );
      }
    }
    return out;
  });
}

it('the inbox, a task, a conversation, the directory and settings have no control under 44 px', async () => {
  const context = await phoneContext(rig.browser);
  const page = await context.newPage();
  pages.push(page);
  await signIn(page, rig.server.url, 'chutich', DEMO_PASSWORD);
  await syncState(page, 'Đã đồng bộ');
  const found: Record<string, string[]> = {};
  for (const path of [
    '/',
    '/tasks',
    '/tasks/new',
    '/documents',
    '/conversations',
    '/directory',
    '/settings',
    '/notifications',
  ]) {
    await page.goto(`${rig.server.url}${path}`);
    await page.locator('main h1').first().waitFor({ timeout: 30_000 });
    const small = await smallTargets(page);
    if (small.length > 0) found[path] = small;
  }
  // A directive's page (tracking table, urge, tools) and its case group.
  await page.goto(`${rig.server.url}/tasks/new`);
  await page.getByLabel('Tên nhiệm vụ').fill('Kiểm tra vùng chạm trên điện thoại');
  await page.getByLabel('Đơn vị nhận').selectOption({ label: 'Phường Bến Thành' });
  await page.getByRole('button', { name: 'Giao việc', exact: true }).click();
  await page.getByTestId('task-card').first().click();
  await page.getByTestId('task-title').waitFor();
  const detail = await smallTargets(page);
  if (detail.length > 0) found['task'] = detail;
  await page.getByTestId('case-group-link').click();
  await page.getByLabel('Nhập tin nhắn').waitFor();
  const chat = await smallTargets(page);
  if (chat.length > 0) found['case group'] = chat;
  expect(found).toEqual({});
});
