import { dashDocId, readDashboard } from '@thongsuot/shared/dashboard/dash-doc';
import { useLiveQuery } from 'dexie-react-hooks';
import { useSearch } from 'wouter';
import { useUnitNames } from '../directory/use-units.ts';
import { useOnline } from '../session/use-online.ts';
import { usePlatform, useSyncStatus } from '../shell/platform-context.ts';
import { useLiveDoc } from '../store/use-live-doc.ts';
import { useOfficialNames } from '../tasks/use-official-names.ts';
import { DashboardView } from './DashboardView.tsx';
import { addDashMessages } from './dash-messages.ts';
import {
  type AssignmentRef,
  assignmentsIn,
  chooseSection,
  parseDrill,
  soleUnit,
  type TaskInfo,
  taskInfoOf,
} from './dash-view.ts';
import './dashboard.css';

addDashMessages();

function useTaskInfo(refs: readonly AssignmentRef[]): Map<string, TaskInfo> | undefined {
  const { db } = usePlatform();
  const key = refs.map((r) => r.ref).join('\n');
  // `refs` follow `key`: the query is run again when the list changes, not on every render.
  return useLiveQuery(
    async () => taskInfoOf(refs, await db.tasks.bulkGet([...new Set(refs.map((r) => `task/${r.taskId}`))])),
    [key],
  );
}

/**
 * The leaders' dashboard (docs/design.md §14): the signed-in person's unit's figures, read from the
 * `dash/<unitId>` doc the relay writes and every member of the unit syncs, so it opens offline with
 * the figures as of their stamp. Where the person is in it (section, bucket, unit) is in the query
 * string: Back steps back, a reload stays.
 */
export function DashboardPage() {
  const { user } = usePlatform();
  const key = dashDocId(user.unitId);
  const { value: dash, loading } = useLiveDoc(key, (docs) => docs.open(key), readDashboard);
  const drill = parseDrill(useSearch());
  const unitNames = useUnitNames();
  const online = useOnline();
  const synced = useSyncStatus().connectivity === 'synced';

  const section = dash ? chooseSection(dash, drill.section) : null;
  const unit = drill.unitId ?? (dash && section ? soleUnit(dash, section) : null);
  const refs = dash && section && drill.bucket && unit ? (assignmentsIn(dash, section, unit, drill.bucket) ?? []) : [];
  const tasks = useTaskInfo(refs);
  const people = useOfficialNames(refs.map((r) => r.recipientId).filter((id) => !unitNames.has(id)));
  const names = new Map([...unitNames, ...people]);
  const ownName =
    unitNames.get(user.unitId) ?? dash?.received?.units.find((u) => u.unitId === user.unitId)?.name ?? user.unitId;

  return (
    <DashboardView
      loading={loading}
      dash={dash}
      drill={drill}
      unitName={ownName}
      now={Date.now()}
      online={online}
      synced={synced}
      tasks={tasks}
      names={names}
    />
  );
}
