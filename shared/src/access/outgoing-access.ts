import type { Dossier } from '../model/dossier.ts';
import { type FlowAction, type FlowState, flowKey, flowState, type Submit, signableOf } from '../model/dossier-flow.ts';
import type { PublicKey } from '../model/public-key.ts';
import type { UnitRoleGrant } from '../model/unit-page.ts';
import { canonicalJson } from '../signing/canonical.ts';
import { ACTION_OF_ROLE, SIGNED_CONTENT_VERSION } from '../signing/signable.ts';
import type { SignedStatement } from '../signing/signature.ts';
import { type ChangeVerdict, OK, refuse, same } from './change-verdict.ts';
import type { Person } from './principal.ts';

/** What a document's check may know of its unit's directory page (the unit policy's `facts`). */
export interface UnitCheckFacts {
  readonly roles: readonly UnitRoleGrant[];
  /** The unit's name: the issuing body an outgoing document of the unit must name. */
  readonly name?: string;
  /** The unit's active people, by id. */
  readonly people?: readonly string[];
  /** The unit's people's published keys, revoked ones too. */
  readonly keys?: readonly PublicKey[];
}

/**
 * Checks a statement's signature with the signer's published key. The relay passes one (Node's
 * crypto, synchronously); a device checking before it sends passes none and the relay decides.
 */
export type StatementVerifier = (statement: SignedStatement, spki: string) => boolean;

function holds(facts: UnitCheckFacts | null, personId: string, role: UnitRoleGrant['role']): boolean {
  return (facts?.roles ?? []).some((r) => r.personId === personId && r.role === role);
}

function inUnit(facts: UnitCheckFacts | null, personId: string): boolean {
  return (facts?.people ?? []).includes(personId);
}

/** The document's content, everything a signature covers and who may read it: the drafter's alone, and only while a draft. */
function contentOf(d: Dossier): unknown {
  return { ...signableOf(d), named: d.named, files: d.files };
}

const DRAFT = new Set<FlowState['status']>(['draft', 'returned']);

/**
 * Each action added to an outgoing document's flow, in order, from the state before it: the right
 * person at the right step with a signature the relay can verify (docs/design.md §18).
 */
function checkAction(
  person: Person,
  d: Dossier,
  state: FlowState,
  key: string,
  action: FlowAction,
  facts: UnitCheckFacts | null,
  verify: StatementVerifier | null,
): ChangeVerdict {
  if (action.by !== person.id) return refuse('forbidden', 'Mỗi bước xử lý văn bản phải nhân danh chính người xử lý.');
  if (action.type === 'submit') return checkSubmit(person, d, state, key, action, facts);
  if (key !== state.nextKey) return refuse('forbidden', 'Văn bản đã được xử lý tiếp; hãy mở lại để xem.');
  if (action.type === 'issue') {
    if (state.status !== 'awaiting_issue') return refuse('forbidden', 'Văn bản chưa được ký, chưa thể phát hành.');
    if (person.unitId !== d.unitId || !holds(facts, person.id, 'clerk')) {
      return refuse('forbidden', 'Chỉ văn thư của đơn vị mới được phát hành văn bản.');
    }
    return OK;
  }
  const step = state.current;
  if (state.status !== 'in_review' || !step) return refuse('forbidden', 'Văn bản không chờ xử lý ở bước này.');
  if (step.holder !== person.id)
    return refuse('forbidden', 'Chỉ người được giao bước hiện tại mới được xử lý văn bản.');
  if (action.type === 'return') return OK;
  if (action.type === 'forward') {
    if (action.to === person.id || !inUnit(facts, action.to)) {
      return refuse('forbidden', 'Chỉ chuyển được cho một người khác của đơn vị.');
    }
    return OK;
  }
  if (action.type !== ACTION_OF_ROLE[step.role]) {
    return refuse('forbidden', step.role === 'sign' ? 'Bước này là bước ký ban hành.' : 'Bước này là bước duyệt.');
  }
  const content = action.statement.content;
  if (content.v !== SIGNED_CONTENT_VERSION || content.signer.personId !== person.id) {
    return refuse('forbidden', 'Chữ ký phải là của chính người duyệt, ký.');
  }
  if (content.step.index !== step.index || content.step.role !== step.role || content.step.action !== action.type) {
    return refuse('forbidden', 'Chữ ký không đúng bước đang chờ xử lý.');
  }
  let matches: boolean;
  try {
    matches = canonicalJson(content) === canonicalJson({ ...content, dossier: signableOf(d) });
  } catch {
    return refuse('invalid_doc', 'Nội dung được ký không hợp lệ.');
  }
  if (!matches) {
    return refuse('forbidden', 'Chữ ký không khớp với nội dung hiện tại của văn bản.');
  }
  if (!verify) return OK;
  const published = (facts?.keys ?? []).find((k) => k.personId === person.id && k.keyId === content.signer.keyId);
  if (!published) {
    return refuse('awaiting_key', 'Khóa ký của bạn chưa lên máy chủ; chữ ký được giữ trên máy và sẽ tự gửi lại.');
  }
  if (published.revokedAt !== undefined) return refuse('forbidden', 'Khóa ký này đã bị thu hồi; hãy tạo khóa mới.');
  if (!verify(action.statement, published.spki)) return refuse('forbidden', 'Chữ ký không hợp lệ.');
  return OK;
}

function checkSubmit(
  person: Person,
  d: Dossier,
  state: FlowState,
  key: string,
  action: Submit,
  facts: UnitCheckFacts | null,
): ChangeVerdict {
  if (person.id !== d.createdBy) return refuse('forbidden', 'Chỉ người soạn thảo mới được trình văn bản.');
  const round = state.status === 'returned' ? state.round + 1 : state.round;
  if (!DRAFT.has(state.status) || key !== flowKey(round, 0)) {
    return refuse('forbidden', 'Văn bản đã được trình; hãy mở lại để xem.');
  }
  for (const step of action.chain) {
    if (!inUnit(facts, step.personId)) {
      return refuse('forbidden', 'Người duyệt, ký văn bản phải là người của đơn vị.');
    }
  }
  const signer = action.chain[action.chain.length - 1];
  if (!signer || !holds(facts, signer.personId, 'signer')) {
    return refuse('forbidden', 'Người ký ban hành phải là người có thẩm quyền ký của đơn vị.');
  }
  return OK;
}

/** May `person` turn the outgoing document `before` into `after`? */
export function checkOutgoingChange(
  person: Person,
  before: Dossier | null,
  after: Dossier,
  facts: UnitCheckFacts | null,
  verify: StatementVerifier | null,
): ChangeVerdict {
  if (before === null) {
    if (after.createdBy !== person.id || person.unitId !== after.unitId || !inUnit(facts, person.id)) {
      return refuse('forbidden', 'Văn bản đi do người của đơn vị soạn, nhân danh chính mình.');
    }
    if (after.register !== null) return refuse('forbidden', 'Chỉ máy chủ mới được cấp số văn bản.');
    if (after.origin !== null) return refuse('forbidden', 'Văn bản đi không có nguồn văn bản đến.');
  }
  if (facts?.name !== undefined && after.issuingBody !== facts.name) {
    return refuse('forbidden', `Văn bản đi của đơn vị phải ghi cơ quan ban hành là "${facts.name}".`);
  }
  if (after.instruction || after.information) {
    return refuse('forbidden', 'Văn bản đi không có ý kiến chỉ đạo như văn bản đến.');
  }
  if (before && !same(before.register, after.register))
    return refuse('forbidden', 'Chỉ máy chủ mới được cấp số văn bản.');
  const flowBefore = before?.flow ?? new Map<string, FlowAction>();
  for (const [key, action] of flowBefore) {
    if (!same(after.flow.get(key), action)) return refuse('forbidden', 'Các bước đã xử lý không được sửa hay xóa.');
  }
  if (before !== null && !same(contentOf(before), contentOf(after))) {
    if (!DRAFT.has(before.flowState.status)) {
      return refuse('forbidden', 'Văn bản đã trình không được sửa; người duyệt trả lại thì mới sửa được.');
    }
    if (person.id !== after.createdBy) return refuse('forbidden', 'Chỉ người soạn thảo mới được sửa dự thảo.');
  }
  const added = [...after.flow.keys()]
    .filter((k) => !flowBefore.has(k))
    .sort((a, b) => {
      const [ra, sa] = a.split('/').map(Number) as [number, number];
      const [rb, sb] = b.split('/').map(Number) as [number, number];
      return ra - rb || sa - sb;
    });
  const seen = new Map(flowBefore);
  for (const key of added) {
    const state = flowState(seen, false);
    const verdict = checkAction(person, after, state, key, after.flow.get(key) as FlowAction, facts, verify);
    if (!verdict.ok) return verdict;
    seen.set(key, after.flow.get(key) as FlowAction);
  }
  if (after.flowState.broken) return refuse('invalid_doc', 'Các bước xử lý của văn bản không theo thứ tự.');
  return OK;
}
