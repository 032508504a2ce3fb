import * as Y from 'yjs';
import type { Recipient } from '../model/assignment.ts';
import { createTask, type NewTask, type TaskPriority } from '../model/task.ts';
import { CITY_ID, CITY_OFFICE_ID } from '../org/city-structure.ts';
import type { Official } from '../org/org-unit.ts';
import type { SourceLevel } from '../org/source-level.ts';
import { as, encode, type GeneratedDoc } from './actor.ts';
import type { CityIndex } from './city-index.ts';
import { type Random, WeightedTable } from './prng.ts';
import { progress } from './task-lifecycle.ts';
import { directiveBody, directiveTitle } from './texts.ts';

/**
 * A workload of directives across the levels: from the Government Office, the Party
 * Committees and the Standing Committee down to departments and wards, some fanned out to all
 * 168 wards, communes and special zones; with statuses, reports, extension requests, comments
 * and sub-assignments (child tasks) that the recipients hand down.
 */
export interface TaskWorkloadOptions {
  readonly tasks: number;
  /** "Now" for the generated history, ms since the epoch. */
  readonly now: number;
}

export interface GeneratedTask extends GeneratedDoc {
  readonly taskId: string;
  readonly issuerId: string;
  readonly recipients: readonly Recipient[];
}

export const DAY = 86_400_000;
const LEVELS = new WeightedTable<SourceLevel>([
  ['government_office', 3],
  ['city_party_committee', 4],
  ['city_pc_party_committee', 3],
  ['city_people_committee', 20],
  ['department', 30],
  ['commune_level', 40],
]);
const EXTERNAL_UNIT: Partial<Record<SourceLevel, string>> = {
  government_office: 'van-phong-chinh-phu',
  city_party_committee: 'thanh-uy',
  city_pc_party_committee: 'dang-uy-ubnd-tp',
};
const PRIORITIES = new WeightedTable<TaskPriority>([
  ['normal', 80],
  ['urgent', 17],
  ['flash', 3],
]);

export function dateOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function* generateTasks(
  index: CityIndex,
  random: Random,
  options: TaskWorkloadOptions,
): Generator<GeneratedTask> {
  let made = 0;
  let sequence = 0;
  while (made < options.tasks) {
    const level = LEVELS.draw(random);
    const issuer = pickIssuer(index, random, level);
    const recipients = pickRecipients(index, random, level, issuer);
    if (recipients.length === 0) continue;
    const createdAt = options.now - random.int(0, 120) * DAY - random.int(0, 9) * 3_600_000;
    const taskId = `t${String(++sequence).padStart(6, '0')}`;
    const spec: NewTask = {
      ...content(random, createdAt, issuer, taskId),
      id: taskId,
      issuerId: issuer.id,
      issuerUnitId: issuer.unitId,
      sourceLevel: level,
      recipients,
    };
    const doc = new Y.Doc();
    as(doc, issuer.id, () => createTask(doc, spec));
    const children = progress(doc, index, random, spec, options.now);
    yield { ...encode(`task/${taskId}`, doc), taskId, issuerId: issuer.id, recipients };
    made++;
    for (const child of children) {
      if (made >= options.tasks) break;
      const childDoc = new Y.Doc();
      as(childDoc, child.issuerId, () => createTask(childDoc, child));
      progress(childDoc, index, random, child, options.now, false);
      yield {
        ...encode(`task/${child.id}`, childDoc),
        taskId: child.id,
        issuerId: child.issuerId,
        recipients: child.recipients,
      };
      made++;
    }
  }
}

function content(random: Random, createdAt: number, issuer: Official, taskId: string) {
  const title = directiveTitle(random);
  const deadline = dateOf(createdAt + random.int(5, 45) * DAY);
  const code = issuer.unitId
    .split('-')
    .map((w) => w.charAt(0).toUpperCase())
    .join('');
  return {
    title,
    body: directiveBody(random, title, deadline),
    deadline,
    at: createdAt,
    priority: PRIORITIES.draw(random),
    reference: `${Number(taskId.slice(1)) % 9_000}/${code}-VP`,
  };
}

function pickIssuer(index: CityIndex, random: Random, level: SourceLevel): Official {
  const external = EXTERNAL_UNIT[level];
  if (external) return random.pick(index.leadersOf(external));
  if (level === 'city_people_committee') return random.pick(index.leadersOf(CITY_ID));
  const kinds = level === 'department' ? (['department'] as const) : (['ward', 'commune', 'special_zone'] as const);
  return random.pick(index.leadersOf(random.pick(index.unitsOfKind(...kinds)).id));
}

function units(ids: readonly { id: string }[]): Recipient[] {
  return ids.map((u) => ({ id: u.id, kind: 'unit' }));
}

function pickRecipients(index: CityIndex, random: Random, level: SourceLevel, issuer: Official): Recipient[] {
  const locals = index.unitsOfKind('ward', 'commune', 'special_zone');
  const departments = index.unitsOfKind('department');
  const roll = random.next();
  switch (level) {
    case 'government_office':
    case 'city_party_committee':
    case 'city_pc_party_committee':
      if (roll < 0.15) return units(departments);
      return units([{ id: CITY_ID }, ...random.sample(departments, random.int(0, 3))]);
    case 'city_people_committee':
      if (roll < 0.03) return units(locals);
      if (roll < 0.1) return units(departments);
      if (roll < 0.2) return units([random.pick(departments), ...random.sample(locals, random.int(5, 30))]);
      if (roll < 0.3) return [{ id: random.pick(index.leadersOf(CITY_OFFICE_ID)).id, kind: 'person' }];
      return units(random.sample([...departments, ...locals], random.int(1, 4)));
    case 'department':
      if (roll < 0.02) return units(locals);
      if (roll < 0.35) return units(random.sample(locals, random.int(2, 20)));
      return random.sample(index.middleOf(issuer.unitId), random.int(1, 3)).map((o) => ({ id: o.id, kind: 'person' }));
    case 'commune_level':
      return random.sample(index.workersOf(issuer.unitId), random.int(1, 3)).map((o) => ({ id: o.id, kind: 'person' }));
  }
}
