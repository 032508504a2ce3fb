import type { Recipient } from '../model/assignment.ts';
import { type Dossier, isConfidential } from '../model/dossier.ts';
import type { UnitRoleGrant } from '../model/unit-page.ts';
import { RANKS } from '../org/positions.ts';
import { rankAtMost } from './capabilities.ts';
import { type ChangeVerdict, type DocLookup, NO_LOOKUP, OK, refuse, same } from './change-verdict.ts';
import { checkOutgoingChange, type StatementVerifier, type UnitCheckFacts } from './outgoing-access.ts';
import { type Person, type Principal, principalsOf, unitPrincipal, userPrincipal } from './principal.ts';

/** What a dossier's check may know of its unit's directory page: who holds which role. */
export interface UnitRoleFacts {
  readonly roles: readonly UnitRoleGrant[];
}

const principalOf = (r: Recipient): Principal => (r.kind === 'unit' ? unitPrincipal(r.id) : userPrincipal(r.id));

/**
 * Who reads an official document (docs/design.md §18): its unit (its clerks and leaders handle
 * it), the clerk who registered it, and those the instruction names as lead or cooperating; a
 * confidential one only its registering clerk, the people named on it and those the
 * instruction names.
 */
export function dossierReaders(dossier: Dossier): Principal[] {
  const assigned = dossier.instruction
    ? [dossier.instruction.lead, ...dossier.instruction.cooperating].map(principalOf)
    : [];
  const named = [dossier.createdBy, ...dossier.named].map(userPrincipal);
  // An outgoing document is the unit's once signed (its clerks issue it); until then a draft
  // under review is its drafter's and its chain's only.
  const unitReads =
    dossier.kind === 'incoming' || !['draft', 'in_review', 'returned'].includes(dossier.flowState.status);
  const unit = isConfidential(dossier) || !unitReads ? [] : [unitPrincipal(dossier.unitId)];
  // An outgoing document: everyone its chain ever named or was forwarded to, and, once issued,
  // the units it is sent to (their clerks register it as incoming).
  const chain: Principal[] = [];
  for (const action of dossier.flow.values()) {
    if (action.type === 'submit') for (const step of action.chain) chain.push(userPrincipal(step.personId));
    if (action.type === 'forward') chain.push(userPrincipal(action.to));
  }
  const recipients = dossier.register && dossier.kind === 'outgoing' ? dossier.recipients.map(unitPrincipal) : [];
  return [...new Set([...unit, ...named, ...assigned, ...chain, ...recipients])].sort();
}

/** What another document's check may know of this one: an incoming document's origin must be issued to its unit. */
export interface DossierLinkFacts {
  readonly kind: Dossier['kind'];
  readonly unitId: string;
  readonly issued: boolean;
  readonly recipients: readonly string[];
}

export function dossierLinkFacts(dossier: Dossier): DossierLinkFacts {
  return {
    kind: dossier.kind,
    unitId: dossier.unitId,
    issued: dossier.register !== null,
    recipients: dossier.recipients,
  };
}

export function canReadDossier(person: Person, dossier: Dossier): boolean {
  const mine = new Set(principalsOf(person));
  return dossierReaders(dossier).some((p) => mine.has(p));
}

/** The unit's leaders (head and deputies) decide what becomes of a document. */
export function leadsDossierUnit(person: Person, dossier: Pick<Dossier, 'unitId'>): boolean {
  return person.unitId === dossier.unitId && rankAtMost(person, RANKS.deputy);
}

export function holdsRole(facts: unknown, person: Person, role: UnitRoleGrant['role']): boolean {
  const roles = (facts as UnitRoleFacts | null)?.roles ?? [];
  return roles.some((r) => r.personId === person.id && r.role === role);
}

/**
 * May `person` turn `before` into `after`? Creation is checked as a change from the document as
 * its clerk registers it. Only the unit's clerk registers and corrects it; only the relay numbers
 * it; only the unit's leader decides, once, in their own name.
 */
export function checkDossierChange(
  person: Person,
  before: Dossier | null,
  after: Dossier | null,
  lookup: DocLookup = NO_LOOKUP,
  verify: StatementVerifier | null = null,
): ChangeVerdict {
  if (after === null) return refuse('invalid_doc', 'Thay đổi này làm văn bản thiếu thông tin hoặc không hợp lệ.');
  const unitFacts = lookup(`unit/${after.unitId}`);
  if (after.kind === 'outgoing')
    return checkOutgoingChange(person, before, after, unitFacts as UnitCheckFacts | null, verify);
  if (after.flow.size > 0 || after.body !== '' || after.recipients.length > 0) {
    return refuse('forbidden', 'Văn bản đến không có quy trình trình duyệt, nội dung soạn thảo hay nơi nhận.');
  }
  const clerk = person.unitId === after.unitId && holdsRole(unitFacts, person, 'clerk');
  if (before === null) {
    if (after.createdBy !== person.id || !clerk) {
      return refuse('forbidden', 'Chỉ văn thư của đơn vị mới được vào sổ văn bản đến, nhân danh chính mình.');
    }
    if (after.origin !== null) {
      const origin = lookup(`dossier/${after.origin}`) as DossierLinkFacts | null;
      if (!origin || origin.kind !== 'outgoing' || !origin.issued || !origin.recipients.includes(after.unitId)) {
        return refuse('forbidden', 'Văn bản nguồn chưa được phát hành tới đơn vị này.');
      }
    }
    if (after.register !== null) return refuse('forbidden', 'Chỉ máy chủ mới được cấp số văn bản.');
    if (after.instruction || after.information) {
      return refuse('forbidden', 'Văn bản mới vào sổ chưa có ý kiến xử lý của lãnh đạo.');
    }
    return OK;
  }
  const fixed = ['id', 'kind', 'unitId', 'createdBy', 'createdAt'] as const;
  if (fixed.some((k) => before[k] !== after[k])) {
    return refuse('forbidden', 'Không được thay đổi mã, loại, đơn vị và người vào sổ của văn bản.');
  }
  if (!same(before.register, after.register)) return refuse('forbidden', 'Chỉ máy chủ mới được cấp số văn bản.');
  if (before.origin !== after.origin) return refuse('forbidden', 'Không được thay đổi văn bản nguồn.');
  const {
    files: fb,
    named: nb,
    register: _rb,
    instruction: ib,
    information: inb,
    flow: _fb,
    flowState: _sb,
    ...factsBefore
  } = before;
  const {
    files: fa,
    named: na,
    register: _ra,
    instruction: ia,
    information: ina,
    flow: _fa,
    flowState: _sa,
    ...factsAfter
  } = after;
  if ((!same(factsBefore, factsAfter) || !same(fb, fa) || !same(nb, na)) && !clerk) {
    return refuse('forbidden', 'Chỉ văn thư của đơn vị mới được sửa thông tin, tệp và người được đọc văn bản.');
  }
  if (!same(ib, ia) || !same(inb, ina)) {
    if (ib || inb) return refuse('forbidden', 'Ý kiến xử lý văn bản đã có, không được sửa.');
    if (!leadsDossierUnit(person, before)) {
      return refuse('forbidden', 'Chỉ lãnh đạo đơn vị mới được cho ý kiến chỉ đạo về văn bản đến.');
    }
    if ((ia && ia.by !== person.id) || (ina && ina.by !== person.id)) {
      return refuse('forbidden', 'Ý kiến chỉ đạo phải nhân danh chính người cho ý kiến.');
    }
    if (ia && ina) return refuse('forbidden', 'Văn bản chỉ có một cách xử lý: giao việc hoặc để biết.');
  }
  return OK;
}
