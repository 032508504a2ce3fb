import type { UserDoc } from '../model/user-doc.ts';
import { type ChangeVerdict, OK, refuse } from './change-verdict.ts';
import { type Person, type Principal, userPrincipal } from './principal.ts';

/** A person's private doc is theirs alone. */
export function userDocReaders(doc: UserDoc): Principal[] {
  return [userPrincipal(doc.id)];
}

export function checkUserDocChange(person: Person, before: UserDoc | null, after: UserDoc | null): ChangeVerdict {
  if (after === null) return refuse('invalid_doc', 'Thay đổi này làm dữ liệu không hợp lệ.');
  if (after.id !== person.id || (before !== null && before.id !== person.id)) {
    return refuse('forbidden', 'Đây là dữ liệu riêng của người khác.');
  }
  return OK;
}
