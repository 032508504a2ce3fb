import { Route, Switch } from 'wouter';
import './directory.css';
import { DirectoryHome } from './DirectoryHome.tsx';
import { PersonCard } from './PersonCard.tsx';
import { UnitPage } from './UnitPage.tsx';

/** The city directory, all on the device: search, the organization tree, unit pages, person cards. */
export function DirectoryPage() {
  return (
    <Switch>
      <Route path="/units/:id">{(params: { id: string }) => <UnitPage unitId={params.id} />}</Route>
      <Route path="/people/:id">{(params: { id: string }) => <PersonCard personId={params.id} />}</Route>
      <Route>
        <DirectoryHome />
      </Route>
    </Switch>
  );
}
