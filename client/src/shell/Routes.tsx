import { docId } from '@thongsuot/shared/ids';
import { type ComponentType, lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Route, Switch } from 'wouter';
import { InboxPage } from '../inbox/InboxPage.tsx';
import { TaskList } from '../tasks/TaskList.tsx';

/** Pages beyond the lists load on first use, so the first screen does not wait for them (or Yjs). */
function page<P extends object>(load: () => Promise<ComponentType<P>>) {
  return lazy(async () => ({ default: await load() }));
}
const TaskDetail = page(() => import('../tasks/TaskDetail.tsx').then((m) => m.TaskDetail));
const NewTaskForm = page(() => import('../tasks/NewTaskForm.tsx').then((m) => m.NewTaskForm));
const DirectoryPage = page(() => import('../directory/DirectoryPage.tsx').then((m) => m.DirectoryPage));
const ConversationsPage = page(() => import('../conversations/ConversationsPage.tsx').then((m) => m.ConversationsPage));
const DocumentsPage = page(() => import('../documents/DocumentsPage.tsx').then((m) => m.DocumentsPage));
const DashboardPage = page(() => import('../dashboard/DashboardPage.tsx').then((m) => m.DashboardPage));
const RemindersPage = page(() => import('../reminders/RemindersPage.tsx').then((m) => m.RemindersPage));
const NotificationsPage = page(() => import('../notifications/NotificationsPage.tsx').then((m) => m.NotificationsPage));
const SettingsPage = page(() => import('../settings/SettingsPage.tsx').then((m) => m.SettingsPage));
const AdminPage = page(() => import('../admin/AdminPage.tsx').then((m) => m.AdminPage));

function Loading() {
  const { t } = useTranslation();
  return <p className="muted">{t('app.loading')}</p>;
}

export function Routes({ onSignOut }: { onSignOut: () => void }) {
  return (
    <Suspense fallback={<Loading />}>
      <Switch>
        <Route path="/" component={InboxPage} />
        <Route path="/tasks" component={TaskList} />
        <Route path="/tasks/new" component={NewTaskForm} />
        <Route path="/tasks/:id">{(params: { id: string }) => <TaskDetail docId={docId('task', params.id)} />}</Route>
        <Route path="/documents" nest component={DocumentsPage} />
        <Route path="/directory" nest component={DirectoryPage} />
        <Route path="/conversations" nest component={ConversationsPage} />
        <Route path="/dashboard" component={DashboardPage} />
        <Route path="/reminders" component={RemindersPage} />
        <Route path="/notifications" component={NotificationsPage} />
        <Route path="/admin" nest component={AdminPage} />
        <Route path="/settings">
          <SettingsPage onSignOut={onSignOut} />
        </Route>
        <Route>
          <InboxPage />
        </Route>
      </Switch>
    </Suspense>
  );
}
