import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { initI18n } from './i18n/i18n.ts';
import type { OwedStep } from './session/SignIn.tsx';

/** The React app, loaded by main.ts: at once with a session on the device, else while signing in. */
export async function mountApp(root: HTMLElement, owedAtStart: OwedStep | null): Promise<void> {
  await initI18n();
  root.replaceChildren();
  createRoot(root).render(
    <StrictMode>
      <App owedAtStart={owedAtStart} />
    </StrictMode>,
  );
}
