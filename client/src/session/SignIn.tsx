import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import type { SessionStep, SessionUser } from './session.ts';
import { mountSignInForm } from './sign-in-form.ts';

// The second step, a forced new password or enrolment, a locked account: loaded when needed.
const SignInSteps = lazy(() => import('./SignInSteps.tsx').then((m) => ({ default: m.SignInSteps })));

/** What the server still asks for after the password, and who is signing in (if it said). */
export interface OwedStep {
  readonly step?: SessionStep;
  readonly user?: SessionUser | null;
}

export function SignIn({
  onSignedIn,
  expired,
  owedAtStart = null,
}: {
  onSignedIn: (user: SessionUser) => void;
  expired: boolean;
  /** A step already owed when the app loaded: the first visit's form (main.ts) asked for it. */
  owedAtStart?: OwedStep | null;
}) {
  // The later steps; when the session ended, they first look at what the relay said is owed
  // (a locked account, a new password: session-check.ts) and come back here if nothing is.
  const [owed, setOwed] = useState<OwedStep | null>(owedAtStart ?? (expired ? {} : null));
  const slot = useRef<HTMLDivElement>(null);
  const signedIn = useRef(onSignedIn);
  signedIn.current = onSignedIn;

  useEffect(() => {
    if (owed || !slot.current) return;
    return mountSignInForm(slot.current, {
      expired,
      onSignedIn: (user) => signedIn.current(user),
      onStep: (step, user) => setOwed({ step, user }),
    });
  }, [owed, expired]);

  if (owed) {
    return (
      <Suspense fallback={null}>
        <SignInSteps
          first={owed.step}
          user={owed.user ?? null}
          onSignedIn={onSignedIn}
          onStartOver={() => setOwed(null)}
        />
      </Suspense>
    );
  }
  return <div ref={slot} className="sign-in-slot" />;
}
