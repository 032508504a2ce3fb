import './styles.css';
import { storedLanguage } from './i18n/language.ts';
import type { OwedStep } from './session/SignIn.tsx';
import { cachedSession } from './session/session.ts';
import { mountSignInForm } from './session/sign-in-form.ts';

// Two routes from one small entry. With a session on the device the app loads at once. A first
// visit paints the sign-in form from this chunk alone (no React, no dictionaries, no store), and
// fetches the app once the person starts on the form, so signing in opens it without a wait.
const root = document.getElementById('root');
if (!root) throw new Error('no #root element');
const loadApp = () => import('./app-root.tsx');

if (cachedSession()) {
  void loadApp().then((m) => m.mountApp(root, null));
} else {
  document.documentElement.lang = storedLanguage();
  // The app replaces the form once its words are ready (app-root.tsx): no blank moment between.
  const open = (owed: OwedStep | null): Promise<void> => loadApp().then((m) => m.mountApp(root, owed));
  mountSignInForm(root, {
    expired: false,
    onSignedIn: () => open(null),
    onStep: (step, user) => open({ step, user }),
  });
  const early = (): void => void loadApp();
  root.addEventListener('focusin', early, { once: true });
  root.addEventListener('pointerdown', early, { once: true });
}
