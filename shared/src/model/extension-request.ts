import * as v from 'valibot';
import type * as Y from 'yjs';
import { parseOrThrow } from '../validation/parse.ts';
import { boundedText, CalendarDateSchema, IdSchema, nonBlankText, TimestampSchema } from '../validation/primitives.ts';
import { AttachmentListSchema, type AttachmentRef } from './attachment.ts';
import { taskAssignments, taskDecisions, taskExtensions } from './task-doc.ts';
import { appendTaskEvent } from './task-event.ts';

/**
 * A recipient's request to extend its deadline, a first-class item with its own decision
 * (MISSION.md). The request is written once; the decision is one value under the request's id
 * in a separate map, so a decision and a concurrent new request never collide. Approval does
 * not write the deadline: an assignment's deadline is derived from its approved requests, so a
 * concurrent approve and reject can never leave "rejected, but extended".
 */
export const EXTENSION_OUTCOMES = ['approved', 'rejected'] as const;
export type ExtensionOutcome = (typeof EXTENSION_OUTCOMES)[number];

export interface ExtensionDecision {
  readonly outcome: ExtensionOutcome;
  readonly by: string;
  readonly at: number;
  readonly reason: string;
}

export interface ExtensionRequest {
  readonly id: string;
  readonly recipientId: string;
  readonly by: string;
  readonly at: number;
  readonly proposedDeadline: string;
  readonly reason: string;
  readonly attachments?: readonly AttachmentRef[];
  readonly decision: ExtensionDecision | null;
}

export type NewExtensionRequest = Omit<ExtensionRequest, 'decision'>;

export const NewExtensionRequestSchema = v.object({
  id: IdSchema,
  recipientId: IdSchema,
  by: IdSchema,
  at: TimestampSchema,
  proposedDeadline: CalendarDateSchema,
  reason: nonBlankText(4_000),
  attachments: v.optional(AttachmentListSchema),
});

export const ExtensionDecisionSchema = v.object({
  outcome: v.picklist(EXTENSION_OUTCOMES),
  by: IdSchema,
  at: TimestampSchema,
  reason: boundedText(4_000),
});

export function requestExtension(doc: Y.Doc, request: NewExtensionRequest): void {
  const valid = parseOrThrow(NewExtensionRequestSchema, request, 'extension request');
  if (!taskAssignments(doc).has(valid.recipientId)) throw new Error(`no assignment for ${valid.recipientId}`);
  if (taskExtensions(doc).has(valid.id)) throw new Error(`extension request ${valid.id} exists`);
  doc.transact(() => {
    taskExtensions(doc).set(valid.id, { ...valid });
    appendTaskEvent(doc, 'extension_requested', valid.by, valid.at, `${valid.recipientId}:${valid.proposedDeadline}`);
  });
}

export function decideExtension(doc: Y.Doc, requestId: string, decision: ExtensionDecision): void {
  const valid = parseOrThrow(ExtensionDecisionSchema, decision, 'extension decision');
  if (!taskExtensions(doc).has(requestId)) throw new Error(`no extension request ${requestId}`);
  doc.transact(() => {
    taskDecisions(doc).set(requestId, { ...valid });
    appendTaskEvent(doc, 'extension_decided', valid.by, valid.at, `${requestId}:${valid.outcome}`);
  });
}

/** Requests sorted by time then id; null if one is malformed. Decisions without a request are ignored. */
export function readExtensionRequests(doc: Y.Doc): ExtensionRequest[] | null {
  const out: ExtensionRequest[] = [];
  for (const [id, raw] of taskExtensions(doc).entries()) {
    const request = v.safeParse(NewExtensionRequestSchema, raw);
    if (!request.success || request.output.id !== id) return null;
    const rawDecision = taskDecisions(doc).get(id);
    let decision: ExtensionDecision | null = null;
    if (rawDecision !== undefined) {
      const parsed = v.safeParse(ExtensionDecisionSchema, rawDecision);
      if (!parsed.success) return null;
      decision = parsed.output;
    }
    out.push({ ...request.output, decision });
  }
  return out.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** For each recipient, the latest deadline an approved request grants. */
export function approvedDeadlines(requests: readonly ExtensionRequest[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of requests) {
    if (r.decision?.outcome !== 'approved') continue;
    const seen = out.get(r.recipientId);
    if (seen === undefined || r.proposedDeadline > seen) out.set(r.recipientId, r.proposedDeadline);
  }
  return out;
}
