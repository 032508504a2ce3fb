import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { checkTaskChange } from '../access/task-change.ts';
import { readBulletin } from '../model/bulletin.ts';
import { readConversation } from '../model/conversation.ts';
import { readTask } from '../model/task.ts';
import { readUnitPage } from '../model/unit-page.ts';
import type { GeneratedDoc } from './actor.ts';
import { generateCity } from './city.ts';
import { DEFAULT_NOW, generateWorkload } from './workload.ts';

const OPTIONS = { seed: 'test', officials: 5_000, tasks: 400, conversations: 80, now: DEFAULT_NOW };
const city = generateCity(OPTIONS);
const docs: GeneratedDoc[] = [...generateWorkload(city, OPTIONS)];

function load(d: GeneratedDoc): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, d.update);
  return doc;
}

function fingerprint(d: GeneratedDoc): string {
  let hash = 0x811c9dc5;
  for (const byte of d.update) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return `${d.docId}:${d.update.length}:${hash}`;
}

const of = (kind: string) => docs.filter((d) => d.docId.startsWith(`${kind}/`));

describe('generated workload', () => {
  it('has the asked-for numbers of each kind', () => {
    expect(of('unit')).toHaveLength(city.units.length);
    expect(of('task')).toHaveLength(400);
    expect(of('conv')).toHaveLength(80);
    expect(of('bulletin')).toHaveLength(17);
    expect(new Set(docs.map((d) => d.docId)).size).toBe(docs.length);
  });

  it('is byte-for-byte the same for the same seed', () => {
    const again = [...generateWorkload(generateCity(OPTIONS), OPTIONS)];
    expect(again.map((d) => d.docId)).toEqual(docs.map((d) => d.docId));
    // Compare fingerprints: a deep equal over megabytes of Uint8Arrays takes seconds.
    expect(again.map(fingerprint)).toEqual(docs.map(fingerprint));
  });

  it('produces only valid documents, tasks created by people allowed to assign them', () => {
    const people = new Map(city.officials.map((o) => [o.id, o]));
    for (const d of of('unit')) expect(readUnitPage(load(d)), d.docId).not.toBeNull();
    for (const d of of('bulletin')) expect(readBulletin(load(d)), d.docId).not.toBeNull();
    for (const d of of('conv')) expect(readConversation(load(d)), d.docId).not.toBeNull();
    for (const d of of('task')) {
      const task = readTask(load(d));
      expect(task, d.docId).not.toBeNull();
      if (!task) continue;
      const issuer = people.get(task.issuerId);
      expect(issuer).toBeDefined();
      // The task as its issuer created it (no one had acted on it yet), its parent as generated.
      const created = {
        ...task,
        assignments: task.assignments.map((a) => ({ ...a, status: 'received' as const, round: 0 })),
        removedAssignments: [],
        deliveries: [],
        reports: [],
        extensionRequests: [],
        subAssignments: [],
        comments: [],
        events: [],
      };
      const lookup = (docId: string) => {
        const parent = of('task').find((p) => p.docId === docId);
        return parent ? readTask(load(parent)) : null;
      };
      if (issuer) expect(checkTaskChange(issuer, null, created, lookup), d.docId).toEqual({ ok: true });
    }
  });

  it('has the shapes of real work: fan-outs, reports, extensions, sub-assignments, levels', () => {
    const tasks = of('task').map((d) => readTask(load(d)));
    const sum = (f: (t: NonNullable<(typeof tasks)[number]>) => number) =>
      tasks.reduce((n, t) => n + (t ? f(t) : 0), 0);
    expect(sum((t) => (t.assignments.length >= 168 ? 1 : 0))).toBeGreaterThan(0);
    expect(sum((t) => t.reports.length)).toBeGreaterThan(200);
    expect(sum((t) => t.extensionRequests.length)).toBeGreaterThan(10);
    expect(sum((t) => (t.parent ? 1 : 0))).toBeGreaterThan(5);
    expect(new Set(tasks.map((t) => t?.sourceLevel)).size).toBe(6);
  });
});
