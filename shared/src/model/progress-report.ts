import * as v from 'valibot';
import type * as Y from 'yjs';
import { parseOrThrow } from '../validation/parse.ts';
import { boundedText, IdSchema, PercentSchema, TimestampSchema } from '../validation/primitives.ts';
import { AttachmentListSchema, type AttachmentRef } from './attachment.ts';
import { taskAssignments, taskReports } from './task-doc.ts';
import { appendTaskEvent } from './task-event.ts';
import { readPlainArray } from './y-read.ts';

/**
 * A recipient's progress report: text, percent done and references to attachments (the files
 * themselves live in blob storage, addressed by content hash). Reports are appended, never
 * edited, so two recipients reporting at once both survive the merge.
 */
export interface ProgressReport {
  readonly id: string;
  readonly recipientId: string;
  readonly by: string;
  readonly at: number;
  readonly text: string;
  readonly percent: number;
  readonly attachments?: readonly AttachmentRef[];
}

export const ProgressReportSchema = v.object({
  id: IdSchema,
  recipientId: IdSchema,
  by: IdSchema,
  at: TimestampSchema,
  text: boundedText(20_000),
  percent: PercentSchema,
  attachments: v.optional(AttachmentListSchema),
});

export function addProgressReport(doc: Y.Doc, report: ProgressReport): void {
  const valid = parseOrThrow(ProgressReportSchema, report, 'progress report');
  if (!taskAssignments(doc).has(valid.recipientId)) {
    throw new Error(`no assignment for ${valid.recipientId}`);
  }
  doc.transact(() => {
    taskReports(doc).push([{ ...valid }]);
    appendTaskEvent(doc, 'reported', valid.by, valid.at, valid.recipientId);
  });
}

/** The reports in merge order, or null if any entry is malformed. */
export function readProgressReports(doc: Y.Doc): ProgressReport[] | null {
  // Parsed once per stored entry (y-read.ts): the relay reads the whole list on every write.
  return readPlainArray(taskReports(doc), ProgressReportSchema);
}

/** The latest report per recipient: what a dashboard shows as "where are we". */
export function latestReports(reports: readonly ProgressReport[]): Map<string, ProgressReport> {
  const latest = new Map<string, ProgressReport>();
  for (const report of reports) {
    const seen = latest.get(report.recipientId);
    if (!seen || report.at > seen.at || (report.at === seen.at && report.id > seen.id)) {
      latest.set(report.recipientId, report);
    }
  }
  return latest;
}
