import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { setBudget, usageOf } from '../attachments/attachment-store.ts';
import { photoSettings, savePhotoSettings } from '../attachments/photo.ts';
import { formatBytes, formatNumber } from '../i18n/i18n.ts';
import '../attachments/attachments.css';
import { usePlatform } from '../shell/platform-context.ts';

const BUDGETS_MB = [100, 250, 500, 1000, 2000, 5000];
const SIDES = [1280, 1600, 2048, 3072, 4096];

/** What files take on this device, the budget they are evicted under, and how photos are prepared. */
export function AttachmentSettings() {
  const { t } = useTranslation();
  const { db } = usePlatform();
  const usage = useLiveQuery(() => usageOf(db), [db]);
  const [photo, setPhoto] = useState(photoSettings);

  function changePhoto(next: typeof photo): void {
    savePhotoSettings(next);
    setPhoto(next);
  }

  return (
    <>
      <h2>{t('attachSettings.title')}</h2>
      <div className="card-block settings-files" data-testid="attachment-settings">
        <p data-testid={usage ? 'attachment-usage' : undefined}>
          {usage
            ? t('attachSettings.used', {
                files: formatNumber(usage.files),
                used: formatBytes(usage.bytes),
                budget: formatBytes(usage.budget),
              })
            : t('settingsWait.filesCounting')}
        </p>
        {usage && usage.waiting > 0 && (
          <p className="notice">
            {t('attachSettings.waiting', { count: usage.waiting, size: formatBytes(usage.waitingBytes) })}
          </p>
        )}
        <label>
          {t('attachSettings.budget')}
          <select
            name="attachment-budget"
            value={usage ? Math.round(usage.budget / (1024 * 1024)) : 500}
            onChange={(e) => void setBudget(db, Number(e.target.value) * 1024 * 1024)}
          >
            {BUDGETS_MB.map((mb) => (
              <option key={mb} value={mb}>
                {formatBytes(mb * 1024 * 1024)}
              </option>
            ))}
          </select>
        </label>
        <p className="muted">{t('attachSettings.budgetHint')}</p>
        <label>
          {t('attachSettings.maxSide')}
          <select
            name="photo-side"
            value={photo.maxSide}
            onChange={(e) => changePhoto({ ...photo, maxSide: Number(e.target.value) })}
          >
            {SIDES.map((side) => (
              <option key={side} value={side}>
                {formatNumber(side)}
              </option>
            ))}
          </select>
        </label>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={photo.keepLocation}
            onChange={(e) => changePhoto({ ...photo, keepLocation: e.target.checked })}
          />
          {t('attachSettings.keepLocation')}
        </label>
        <p className="muted">{t('attachSettings.keepLocationHint')}</p>
      </div>
    </>
  );
}
