/**
 * What a new password must be (docs/operations.md "People's own security"), checked by the relay
 * on every change and by the app before it sends one, so both say the same thing. Length is what
 * protects a password from guessing; the other rules refuse the choices people make first when
 * told to pick one (their name, the old one, the published demo password, a phone number or a
 * date, one key held down).
 */
export const MIN_PASSWORD_LENGTH = 10;

/** Why a new password is refused; null when it is acceptable. */
export type PasswordProblem =
  | 'too_short'
  | 'username'
  | 'same_as_current'
  | 'forbidden'
  | 'digits_only'
  | 'one_character';

export interface PasswordContext {
  readonly username: string;
  /** The password being replaced (the temporary one at a forced change). */
  readonly current: string;
  /** Passwords everyone knows, such as the demo city's. */
  readonly forbidden: readonly string[];
}

/** The first rule `next` breaks, in the order the rules are shown. */
export function passwordProblem(next: string, context: PasswordContext): PasswordProblem | null {
  const text = next.normalize('NFC');
  const folded = text.trim().toLowerCase();
  if ([...text].length < MIN_PASSWORD_LENGTH) return 'too_short';
  if (folded === context.username.trim().toLowerCase()) return 'username';
  if (text === context.current.normalize('NFC')) return 'same_as_current';
  if (context.forbidden.some((f) => f.toLowerCase() === folded)) return 'forbidden';
  if (/^\d+$/.test(text)) return 'digits_only';
  if (new Set(text).size === 1) return 'one_character';
  return null;
}

/** The relay's messages for each problem (the app has its own, in both languages). */
export const PASSWORD_PROBLEM_MESSAGES: Readonly<Record<PasswordProblem, string>> = {
  too_short: `Mật khẩu mới phải có ít nhất ${MIN_PASSWORD_LENGTH} ký tự.`,
  username: 'Mật khẩu mới không được trùng tên đăng nhập.',
  same_as_current: 'Mật khẩu mới phải khác mật khẩu hiện tại.',
  forbidden: 'Mật khẩu này ai cũng biết (mật khẩu dùng thử); hãy chọn mật khẩu khác.',
  digits_only: 'Mật khẩu mới không được chỉ gồm chữ số; hãy thêm chữ cái.',
  one_character: 'Mật khẩu mới không được chỉ lặp lại một ký tự.',
};
