import i18next from 'i18next';
import { enPush } from './en-push.ts';
import { viPush } from './vi-push.ts';

/**
 * Adds the strings of push in Settings to both languages (`settings.push`). They load with the
 * code that uses them (settings, pwa/push-subscription.ts), so the first screen's script stays
 * within its budget (≤ 150 KB gzipped, docs/benchmarks.md).
 */
export function addPushMessages(): void {
  if (i18next.exists('settings.push.title', { lng: 'vi' })) return;
  i18next.addResourceBundle('vi', 'translation', { settings: { push: viPush } }, true, false);
  i18next.addResourceBundle('en', 'translation', { settings: { push: enPush } }, true, false);
}
