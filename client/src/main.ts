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
  // With the app, the sync engine (Yjs, the outbox): after the password it is what the person's
  // work waits for, and on a weak link each level of its imports costs a round trip. Fetched
  // while the person types, its chunks side by side (preloaded from this entry: vite.config.ts).
  const early = (): void => {
    void loadApp();
    void import('./sync/sync-engine.ts').catch(() => undefined);
  };
  root.addEventListener('focusin', early, { once: true });
  root.addEventListener('pointerdown', early, { once: true });
}
