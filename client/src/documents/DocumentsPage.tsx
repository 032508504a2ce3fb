import { docId } from '@thongsuot/shared/ids';
import { Route, Switch } from 'wouter';
import { DocumentList } from './DocumentList.tsx';
import { DossierDetail } from './DossierDetail.tsx';
import { addDocumentMessages } from './messages.ts';
import { RegisterIncomingForm } from './RegisterIncomingForm.tsx';
import './documents.css';

addDocumentMessages();

/** Official documents (docs/design.md §18): the unit's incoming register, one document, registering one. */
export function DocumentsPage() {
  return (
    <Switch>
      <Route path="/" component={DocumentList} />
      <Route path="/new" component={RegisterIncomingForm} />
      <Route path="/:id">{(params: { id: string }) => <DossierDetail docId={docId('dossier', params.id)} />}</Route>
    </Switch>
  );
}
