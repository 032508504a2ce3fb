import { leadsDossierUnit } from '@thongsuot/shared/access/dossier-access';
import { type Dossier, readDossier } from '@thongsuot/shared/model/dossier';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { AttachmentList } from '../attachments/AttachmentList.tsx';
import { useUnitNames } from '../directory/use-units.ts';
import { formatDate } from '../i18n/i18n.ts';
import { useLiveDoc } from '../store/use-live-doc.ts';
import { formatDateTime } from '../tasks/format.ts';
import { ItemSyncBadge } from '../tasks/ItemSyncBadge.tsx';
import { usePerson } from '../tasks/person.ts';
import { useOfficialNames } from '../tasks/use-official-names.ts';
import { RegisterNumber } from './DocumentList.tsx';
import { InstructionForm } from './InstructionForm.tsx';
import { OutgoingDetail } from './OutgoingDetail.tsx';
import { SummaryCorrection } from './SummaryCorrection.tsx';
import { useIsClerk } from './use-documents.ts';

/** A dossier doc from the device, re-read on every change (see useLiveDoc). */
function useDossierDoc(docId: string) {
  const { doc, value, loading } = useLiveDoc(docId, (docs) => docs.open(docId), readDossier);
  return { doc, dossier: value, loading };
}

/** One document: an outgoing one with its review chain, or an incoming one. */
export function DossierDetail({ docId }: { docId: string }) {
  const { t } = useTranslation();
  const { doc, dossier, loading } = useDossierDoc(docId);
  if (loading) return <p className="muted">{t('app.loading')}</p>;
  if (!dossier || !doc) return <p className="notice">{t('documents.notFound')}</p>;
  if (dossier.kind === 'outgoing') return <OutgoingDetail docId={docId} doc={doc} dossier={dossier} />;
  return <IncomingDetail docId={docId} dossier={dossier} />;
}

/** One incoming document: its register entry, facts and files, and what the leader decided. */
function IncomingDetail({ docId, dossier }: { docId: string; dossier: Dossier }) {
  const { t } = useTranslation();
  const person = usePerson();
  const clerk = useIsClerk(person) === true;
  const assigned = dossier?.instruction ? [dossier.instruction.lead, ...dossier.instruction.cooperating] : [];
  const names = useOfficialNames(
    dossier
      ? [
          dossier.createdBy,
          dossier.instruction?.by ?? '',
          dossier.information?.by ?? '',
          ...assigned.filter((r) => r.kind === 'person').map((r) => r.id),
        ].filter(Boolean)
      : [],
  );
  const unitNames = useUnitNames();
  const name = (id: string) => names.get(id) ?? t('tasks.someone');
  const recipientName = (r: { id: string; kind: string }) =>
    (r.kind === 'unit' ? unitNames.get(r.id) : names.get(r.id)) ?? t('tasks.someone');
  const decided = dossier.instruction ?? dossier.information;
  return (
    <article className="dossier-detail" aria-labelledby="dossier-heading">
      <Link href="/" className="back-link">
        ← {t('documents.back')}
      </Link>
      <header className="detail-header">
        <h1 id="dossier-heading">{dossier.summary}</h1>
        <ItemSyncBadge docId={docId} />
      </header>
      <p className="dossier-number">
        <RegisterNumber row={{ number: dossier.register?.number ?? null, year: dossier.register?.year ?? null }} />
        {dossier.register?.duplicateOf && (
          <Link className="flag flag-late" href={`/${dossier.register.duplicateOf}`}>
            {t('documents.duplicate')} · {t('documents.openDuplicate')}
          </Link>
        )}
      </p>
      <dl className="dossier-facts">
        <dt>{t('documents.numberSymbol')}</dt>
        <dd>{dossier.numberSymbol}</dd>
        <dt>{t('documents.issuingBody')}</dt>
        <dd>{dossier.issuingBody}</dd>
        <dt>{t('documents.date')}</dt>
        <dd>{formatDate(dossier.date)}</dd>
        <dt>{t('documents.docType')}</dt>
        <dd>{t(`documents.docTypes.${dossier.docType}`)}</dd>
        <dt>{t('documents.urgency')}</dt>
        <dd>{t(`documents.urgencies.${dossier.urgency}`)}</dd>
        <dt>{t('documents.confidentiality')}</dt>
        <dd>{t(`documents.confidentialities.${dossier.confidentiality}`)}</dd>
      </dl>
      {dossier.origin && (
        <p className="task-meta" data-testid="delivered-from">
          <Link href={`/${dossier.origin}`}>{t('outgoing.deliveredFrom', { unit: dossier.issuingBody })}</Link>
        </p>
      )}
      <p className="task-meta">
        {t('documents.registeredBy', { name: name(dossier.createdBy), time: formatDateTime(dossier.createdAt) })}
      </p>
      {clerk && <SummaryCorrection docId={docId} summary={dossier.summary} />}
      <h2>{t('documents.files')}</h2>
      <AttachmentList refs={dossier.files} />
      <section aria-labelledby="handling-heading" className="dossier-handling">
        <h2 id="handling-heading">{t('documents.handling')}</h2>
        {dossier.instruction && (
          <div className="instruction" data-testid="instruction">
            <p className="task-meta">
              {t('documents.instructedBy', {
                name: name(dossier.instruction.by),
                time: formatDateTime(dossier.instruction.at),
              })}
            </p>
            <p className="task-body">{dossier.instruction.text}</p>
            <p className="task-meta" data-testid="instruction-people">
              {t('documents.lead')}: {recipientName(dossier.instruction.lead)}
              {dossier.instruction.cooperating.length > 0 &&
                ` · ${t('documents.cooperating')}: ${dossier.instruction.cooperating.map(recipientName).join(', ')}`}
              {` · ${t('documents.deadline')}: ${formatDate(dossier.instruction.deadline)}`}
            </p>
            <Link className="button" href={`~/tasks/${dossier.instruction.taskId}`} data-testid="instruction-task">
              {t('documents.openTask')}
            </Link>
          </div>
        )}
        {dossier.information && (
          <p className="notice" data-testid="information">
            {t('documents.informationDone', {
              name: name(dossier.information.by),
              time: formatDateTime(dossier.information.at),
            })}
          </p>
        )}
        {!decided && leadsDossierUnit(person, dossier) && <InstructionForm dossier={dossier} docId={docId} />}
        {!decided && !leadsDossierUnit(person, dossier) && <p className="muted">{t('documents.waitingLeader')}</p>}
      </section>
    </article>
  );
}
