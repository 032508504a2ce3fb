export * from './access/bulletin-access.ts';
export * from './access/capabilities.ts';
export * from './access/change-verdict.ts';
export * from './access/conv-log-access.ts';
export * from './access/conversation-access.ts';
export * from './access/dossier-access.ts';
export * from './access/outgoing-access.ts';
export * from './access/principal.ts';
export * from './access/task-access.ts';
export { checkTaskChange, taskFacts } from './access/task-change.ts';
export * from './access/unit-page-access.ts';
export * from './access/user-doc-access.ts';
export * from './dashboard/assignment-row.ts';
export * from './dashboard/dash-doc.ts';
export * from './dashboard/measures.ts';
export * from './dashboard/scope-report.ts';
export * from './directory/directory-bundle.ts';
export type { GeneratedDoc } from './generator/actor.ts';
export { type CityOptions, type GeneratedCity, type GeneratedDivision, generateCity } from './generator/city.ts';
export { CityIndex } from './generator/city-index.ts';
export { withDemoOfficials } from './generator/demo-overlay.ts';
export { generateUnitPages } from './generator/directory.ts';
export { DEFAULT_NOW, generateCityWithWorkload, generateWorkload, type WorkloadOptions } from './generator/workload.ts';
export * from './ids.ts';
export * from './model/announcement.ts';
export * from './model/assignment.ts';
export * from './model/attachment.ts';
export * from './model/audience.ts';
export * from './model/bulletin.ts';
export { BULLETIN_SCHEMA_VERSION } from './model/bulletin-doc.ts';
export * from './model/conv-log.ts';
export * from './model/conversation.ts';
export { CONVERSATION_SCHEMA_VERSION } from './model/conversation-doc.ts';
export * from './model/delivery.ts';
export * from './model/directory-person.ts';
export * from './model/doc-layouts.ts';
export * from './model/doc-version.ts';
export * from './model/dossier.ts';
export { DOSSIER_SCHEMA_VERSION } from './model/dossier-doc.ts';
export * from './model/dossier-flow.ts';
export * from './model/draft.ts';
export * from './model/extension-request.ts';
export * from './model/message.ts';
export * from './model/progress-report.ts';
export * from './model/public-key.ts';
export * from './model/receipts.ts';
export * from './model/recipient-group.ts';
export * from './model/reminder.ts';
export * from './model/sub-assignment.ts';
export * from './model/task.ts';
export * from './model/task-comment.ts';
export { TASK_SCHEMA_VERSION } from './model/task-doc.ts';
export * from './model/task-event.ts';
export * from './model/task-migrations.ts';
export * from './model/task-watcher.ts';
export * from './model/text-edit.ts';
export * from './model/unit-page.ts';
export { UNIT_PAGE_SCHEMA_VERSION } from './model/unit-page-doc.ts';
export * from './model/urge.ts';
export * from './model/user-doc.ts';
export { USER_DOC_SCHEMA_VERSION } from './model/user-doc-layout.ts';
export { parsePlainEntry, withinSchema } from './model/y-read.ts';
export * from './org/city-structure.ts';
export * from './org/demo-city.ts';
export * from './org/divisions.ts';
export * from './org/org-unit.ts';
export * from './org/positions.ts';
export * from './org/source-level.ts';
export * from './protocol/codec.ts';
export * from './protocol/message-type.ts';
export * from './protocol/messages/ack.ts';
export * from './protocol/messages/error.ts';
export * from './protocol/messages/hello.ts';
export * from './protocol/messages/manifest.ts';
export * from './protocol/messages/sync.ts';
export * from './protocol/packed-frame.ts';
export * from './protocol/sync-payload.ts';
export * from './search/people-search.ts';
export * from './search/query-terms.ts';
export * from './search/search-index.ts';
export {
  exportSpki,
  generateDeviceKeyPair,
  type SigningKeyHandle,
  type SigningKeyPair,
  sha256Hex,
} from './signing/bytes.ts';
export * from './signing/canonical.ts';
export * from './signing/export.ts';
export * from './signing/report.ts';
export {
  ACTION_OF_ROLE,
  Sha256HexSchema,
  SIGNABLE_FIELDS,
  SIGNABLE_KINDS,
  SIGNABLE_LIMITS,
  SIGNED_CONTENT_VERSION,
  SIGNING_ALGORITHMS,
  type SignableDossier,
  SignableDossierSchema,
  type SignableField,
  type SignedContent,
  SignedContentSchema,
  type SignedFile,
  SignedFileSchema,
  SignedStepSchema,
  type Signer,
  SignerSchema,
  STEP_ACTIONS,
  STEP_ROLES,
  type StepAction,
  type StepRole,
} from './signing/signable.ts';
export * from './signing/signature.ts';
export * from './signing/verify.ts';
export * from './text/fold.ts';
export * from './validation/parse.ts';
export * from './validation/primitives.ts';
