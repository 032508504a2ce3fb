import { storedLanguage } from '../i18n/language.ts';
import { type SessionStep, type SessionUser, signIn } from './session.ts';
import { signInEn, signInVi } from './sign-in-messages.ts';

export interface SignInFormOptions {
  /** The session ended while the app was in use: say so above the form. */
  readonly expired: boolean;
  /** Signed in with nothing more owed. A promise that fails (the app could not load) says so. */
  readonly onSignedIn: (user: SessionUser) => void | Promise<void>;
  /** The server asks for one more step (a one-time code, a new password, enrolment). */
  readonly onStep: (step: SessionStep, user: SessionUser | null) => void | Promise<void>;
}

type Failure = 'invalid' | 'network' | 'tooMany' | 'server' | 'empty';

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<HTMLElementTagNameMap[K]> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

/**
 * The sign-in form in plain DOM: a first visit paints it from a few kilobytes, without React,
 * the dictionaries or the app, which load while the person types (main.ts). The app's own
 * sign-in screen (SignIn.tsx) mounts this same form, so there is one of it.
 * Returns a function that removes it.
 */
export function mountSignInForm(container: HTMLElement, options: SignInFormOptions): () => void {
  const { signIn: words, app } = storedLanguage() === 'en' ? signInEn : signInVi;
  const username = el('input', { name: 'username', autocomplete: 'username', required: true });
  username.setAttribute('autocapitalize', 'none');
  const password = el('input', {
    name: 'password',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
  });
  const error = el('p', { className: 'notice notice-error' });
  error.setAttribute('role', 'alert');
  const submit = el('button', { type: 'submit', className: 'button button-primary' }, words.submit);
  const form = el(
    'form',
    { className: 'form', noValidate: true },
    el('h2', {}, words.title),
    el('label', {}, words.username, username),
    el('label', {}, words.password, password),
    submit,
  );
  const card = el(
    'div',
    { className: 'sign-in-card' },
    el('h1', { className: 'brand' }, app.name),
    el('p', { className: 'tagline' }, app.tagline),
  );
  if (options.expired) {
    const notice = el('p', { className: 'notice' }, words.expired);
    notice.setAttribute('role', 'alert');
    card.append(notice);
  }
  card.append(form);
  const main = el('main', { className: 'sign-in' }, card);

  const fail = (reason: Failure | null): void => {
    // Shown only with a reason, as a new alert each time, so screen readers announce it.
    error.remove();
    if (!reason) return;
    error.textContent = words[reason];
    submit.before(error);
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (submit.disabled) return;
    const name = username.value.trim().toLowerCase();
    if (name === '' || password.value === '') return fail('empty');
    fail(null);
    submit.disabled = true;
    submit.textContent = words.busy;
    void signIn(name, password.value).then((result) => {
      submit.disabled = false;
      submit.textContent = words.submit;
      if (!result.ok) return fail(result.reason);
      const next = result.step
        ? options.onStep(result.step, result.user)
        : result.user && options.onSignedIn(result.user);
      void Promise.resolve(next).catch(() => fail('network'));
    });
  });
  // In place of what the container held: the shell's static header on a first visit (index.html).
  container.replaceChildren(main);
  return () => main.remove();
}
