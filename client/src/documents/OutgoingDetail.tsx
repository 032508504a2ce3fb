import type { Dossier } from '@thongsuot/shared/model/dossier';
import { readUnitPage } from '@thongsuot/shared/model/unit-page';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import type * as Y from 'yjs';
import { AttachmentList } from '../attachments/AttachmentList.tsx';
import { useUnitNames } from '../directory/use-units.ts';
import { formatDate } from '../i18n/i18n.ts';
import { useLiveDoc } from '../store/use-live-doc.ts';
import { formatDateTime } from '../tasks/format.ts';
import { ItemSyncBadge } from '../tasks/ItemSyncBadge.tsx';
import { usePerson } from '../tasks/person.ts';
import { useOfficialNames } from '../tasks/use-official-names.ts';
import { IssuedDownloads } from './IssuedDownloads.tsx';
import { OutgoingActions } from './OutgoingActions.tsx';
import { SignaturePanel } from './SignaturePanel.tsx';

/** Everyone the document's flow names, for their names on screen. */
function peopleOf(dossier: Dossier): string[] {
  const ids = new Set<string>([dossier.createdBy]);
  for (const { action } of dossier.flowState.history) {
    ids.add(action.by);
    if (action.type === 'submit') for (const s of action.chain) ids.add(s.personId);
    if (action.type === 'forward') ids.add(action.to);
  }
  return [...ids];
}

/** The review chain as it stands: each step, who holds it, its deadline, and what they did. */
function ChainSteps({ dossier, name }: { dossier: Dossier; name: (id: string) => string }) {
  const { t } = useTranslation();
  const state = dossier.flowState;
  if (state.steps.length === 0) return null;
  return (
    <ol className="flow-steps" data-testid="flow-steps">
      {state.steps.map((step) => {
        const current = state.current?.index === step.index;
        return (
          <li
            key={step.index}
            className={`flow-step${current ? ' flow-step-current' : ''}${step.done ? ' flow-step-done' : ''}`}
          >
            <span className="flow-step-role">{t(`outgoing.roles.${step.role}`)}</span>
            <strong>{name(step.holder)}</strong>
            {step.holder !== step.personId && (
              <span className="task-meta">
                {' '}
                ({name(step.personId)} {t('outgoing.forwardedTo', { name: name(step.holder) })})
              </span>
            )}
            <span className="task-meta">
              {step.done
                ? `${t(`outgoing.stepDone.${step.done.type}`)} · ${formatDateTime(step.done.at)}`
                : `${current ? t('outgoing.stepWaiting') : t('outgoing.stepLater')} · ${t('outgoing.stepDeadline')} ${formatDate(step.deadline)}`}
            </span>
          </li>
        );
      })}
    </ol>
  );
}

function History({ dossier, name }: { dossier: Dossier; name: (id: string) => string }) {
  const { t } = useTranslation();
  const rounds = new Set(dossier.flowState.history.map((h) => h.round)).size;
  return (
    <details className="flow-history">
      <summary>{t('outgoing.history')}</summary>
      <ul>
        {dossier.flowState.history.map(({ key, round, action }) => (
          <li key={key}>
            {rounds > 1 && <span className="task-meta">{t('outgoing.round', { n: round + 1 })} · </span>}
            {t(`outgoing.historyActions.${action.type}`)}: {name(action.by)} · {formatDateTime(action.at)}
            {action.type === 'forward' && ` → ${name(action.to)}`}
            {(action.type === 'return' || action.type === 'forward') && action.comment && (
              <q className="flow-comment">{action.comment}</q>
            )}
          </li>
        ))}
      </ul>
    </details>
  );
}

/** One outgoing document: its text and files, its review chain, what this person may do now, its signatures. */
export function OutgoingDetail({ docId, doc, dossier }: { docId: string; doc: Y.Doc; dossier: Dossier }) {
  const { t } = useTranslation();
  const person = usePerson();
  const names = useOfficialNames(peopleOf(dossier));
  const units = useUnitNames();
  const unitId = dossier.unitId;
  const { value: page } = useLiveDoc(`unit/${unitId}`, (docs) => docs.open(`unit/${unitId}`), readUnitPage);
  const name = (id: string) => names.get(id) ?? t('tasks.someone');
  const state = dossier.flowState;
  const number = dossier.register
    ? t('outgoing.number', { number: dossier.register.number, symbol: dossier.numberSymbol })
    : t('outgoing.notNumbered', { symbol: dossier.numberSymbol });
  return (
    <article className="dossier-detail" aria-labelledby="dossier-heading">
      <Link href="/outgoing" className="back-link">
        ← {t('outgoing.outgoing')}
      </Link>
      <header className="detail-header">
        <h1 id="dossier-heading">{dossier.summary}</h1>
        <ItemSyncBadge docId={docId} />
      </header>
      <p className="dossier-number">
        <span className={`flow-status flow-${state.status}`} data-testid="flow-status">
          {t(`outgoing.status.${state.status}`)}
        </span>
        <span className={`register-number${dossier.register ? '' : ' awaiting'}`} data-testid="outgoing-number">
          {number}
        </span>
      </p>
      <dl className="dossier-facts">
        <dt>{t('documents.issuingBody')}</dt>
        <dd>{dossier.issuingBody}</dd>
        <dt>{t('documents.docType')}</dt>
        <dd>{t(`documents.docTypes.${dossier.docType}`)}</dd>
        <dt>{t('documents.urgency')}</dt>
        <dd>{t(`documents.urgencies.${dossier.urgency}`)}</dd>
        <dt>{t('documents.confidentiality')}</dt>
        <dd>{t(`documents.confidentialities.${dossier.confidentiality}`)}</dd>
        <dt>{t('outgoing.recipients')}</dt>
        <dd data-testid="recipients">{dossier.recipients.map((id) => units.get(id) ?? id).join('; ')}</dd>
      </dl>
      <p className="task-meta">
        {t('outgoing.draftedBy', { name: name(dossier.createdBy), time: formatDateTime(dossier.createdAt) })}
      </p>
      {dossier.body && (
        <div className="outgoing-body" data-testid="outgoing-body">
          {dossier.body}
        </div>
      )}
      <h2>{t('documents.files')}</h2>
      <AttachmentList refs={dossier.files} />
      <section aria-labelledby="flow-heading" className="dossier-handling">
        <h2 id="flow-heading">{t('outgoing.chain')}</h2>
        {state.returned && (
          <p className="notice notice-warn" data-testid="returned">
            {t('outgoing.returnedBy', {
              name: name(state.returned.by),
              time: formatDateTime(state.returned.at),
              comment: state.returned.comment,
            })}
          </p>
        )}
        <ChainSteps dossier={dossier} name={name} />
        <OutgoingActions docId={docId} dossier={dossier} page={page} person={person} name={name} />
        {state.history.length > 0 && <History dossier={dossier} name={name} />}
      </section>
      {state.statements.length > 0 && (
        <SignaturePanel doc={doc} dossier={dossier} keys={page?.publicKeys ?? null} name={name} />
      )}
      {state.status === 'issued' && page && <IssuedDownloads doc={doc} dossier={dossier} page={page} name={name} />}
    </article>
  );
}
