import { docId } from '@thongsuot/shared/ids';
import { readDossier } from '@thongsuot/shared/model/dossier';
import { useTranslation } from 'react-i18next';
import { Route, Switch } from 'wouter';
import { useLiveDoc } from '../store/use-live-doc.ts';
import { DocumentList } from './DocumentList.tsx';
import { DossierDetail } from './DossierDetail.tsx';
import { addDocumentMessages } from './messages.ts';
import { OutgoingForm } from './OutgoingForm.tsx';
import { OutgoingList } from './OutgoingList.tsx';
import { addOutgoingMessages } from './outgoing-messages.ts';
import { RegisterIncomingForm } from './RegisterIncomingForm.tsx';
import './documents.css';

addDocumentMessages();
addOutgoingMessages();

/** The drafter's form on a draft already on the device. */
function EditDraft({ id }: { id: string }) {
  const { t } = useTranslation();
  const key = docId('dossier', id);
  const { value, loading } = useLiveDoc(key, (docs) => docs.open(key), readDossier);
  if (loading) return <p className="muted">{t('app.loading')}</p>;
  if (!value) return <p className="notice">{t('documents.notFound')}</p>;
  return <OutgoingForm key={id} id={id} existing={value} />;
}

/**
 * Official documents (docs/design.md §18): the unit's incoming and outgoing registers, one
 * document, registering an incoming one, drafting an outgoing one.
 */
export function DocumentsPage() {
  return (
    <Switch>
      <Route path="/" component={DocumentList} />
      <Route path="/outgoing" component={OutgoingList} />
      <Route path="/new" component={RegisterIncomingForm} />
      <Route path="/draft">{() => <OutgoingForm />}</Route>
      <Route path="/:id/edit">{(params: { id: string }) => <EditDraft id={params.id} />}</Route>
      <Route path="/:id">{(params: { id: string }) => <DossierDetail docId={docId('dossier', params.id)} />}</Route>
    </Switch>
  );
}
