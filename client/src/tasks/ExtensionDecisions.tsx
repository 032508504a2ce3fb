import { mayDecideExtension } from '@thongsuot/shared/access/task-access';
import { decideExtension, type ExtensionOutcome } from '@thongsuot/shared/model/extension-request';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AttachmentList } from '../attachments/AttachmentList.tsx';
import { formatDate } from '../i18n/i18n.ts';
import { formatDateTime as formatTime } from './format.ts';
import type { TaskPanelProps } from './RecipientTable.tsx';
import { useOfficialNames } from './use-official-names.ts';

/** Extension requests awaiting the issuer: approve, or refuse with a reason (item 2). */
export function ExtensionDecisions({ doc, task, person, unitNames }: TaskPanelProps) {
  const { t } = useTranslation();
  const pending = task.extensionRequests.filter((r) => r.decision === null);
  const names = useOfficialNames(pending.flatMap((r) => [r.by, r.recipientId]));
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  if (pending.length === 0 || !mayDecideExtension(person, task)) return null;

  function decide(requestId: string, outcome: ExtensionOutcome): void {
    const reason = (reasons[requestId] ?? '').trim();
    if (outcome === 'rejected' && !reason) {
      setError(t('tracking.errors.refuseReason'));
      return;
    }
    setError(null);
    decideExtension(doc, requestId, { outcome, by: person.id, at: Date.now(), reason });
  }

  return (
    <section className="decisions" aria-labelledby="decisions-heading">
      <h2 id="decisions-heading">{t('tracking.requestsTitle', { count: pending.length })}</h2>
      <ul className="assignments">
        {pending.map((r) => (
          <li key={r.id} className="assignment" data-testid="extension-request">
            <div className="assignment-head">
              <strong>{unitNames.get(r.recipientId) ?? names.get(r.recipientId) ?? t('tasks.someone')}</strong>
              <span className="flag flag-extension">{formatDate(r.proposedDeadline)}</span>
            </div>
            <p>
              {t('tracking.requestBy', { name: names.get(r.by) ?? r.by, time: formatTime(r.at) })}: {r.reason}
            </p>
            <AttachmentList refs={r.attachments} />
            <label>
              {t('tracking.decisionReason')}
              <input
                value={reasons[r.id] ?? ''}
                onChange={(e) => setReasons({ ...reasons, [r.id]: e.target.value })}
                maxLength={4000}
              />
            </label>
            <div className="row-actions">
              <button type="button" className="button button-primary" onClick={() => decide(r.id, 'approved')}>
                {t('tracking.approve')}
              </button>
              <button type="button" className="button" onClick={() => decide(r.id, 'rejected')}>
                {t('tracking.refuse')}
              </button>
            </div>
          </li>
        ))}
      </ul>
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
