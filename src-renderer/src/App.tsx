import { useCallback, useEffect, useRef, useState } from 'react';
import type { KioskApi } from '../../shared/ipc/api';
import type { ChannelInput, ChannelName, ChannelOutput, SessionUser } from '../../shared/ipc/contract';
import type { Result } from '../../shared/ipc/result';
import { SessionEndingNotice, STILL_THERE_WARNING_MS } from './components/SessionEndingNotice';
import { KioskCallContext, KioskEventsContext, type KioskCall, type KioskEvents } from './kiosk-context';
import { CandidateHomeScreen } from './screens/CandidateHomeScreen';
import { LoadingScreen } from './screens/LoadingScreen';
import { ProctorScreen } from './screens/proctor/ProctorScreen';
import { RegisterScreen } from './screens/RegisterScreen';
import { SetupScreen } from './screens/SetupScreen';
import { SignInScreen } from './screens/SignInScreen';
import { SittingLayer } from './screens/sitting/SittingLayer';
import { sittingAccommodations, sittingHolds } from './screens/sitting/sitting-words';
import { useAccommodatedScreens } from './screens/sitting/useAccommodatedScreens';
import { useKioskSitting } from './screens/sitting/useKioskSitting';
import { StaffHomeScreen } from './screens/StaffHomeScreen';
import { StartupErrorScreen } from './screens/StartupErrorScreen';

type AppStatus = ChannelOutput<'app.getStatus'>;
type Boot = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; status: AppStatus };
type SignedOutView = 'candidate-sign-in' | 'register' | 'staff-sign-in';

const NO_ANSWER = 'The app did not answer.';
export const SIGNED_OUT_NOTICE = 'You have signed out.';
export const EXPIRED_NOTICE = 'Your session has ended, so you have been signed out. Please sign in again.';
/** Why a kiosk ended a candidate's session by itself, said on the sign-in screen the next person sees. */
export const KIOSK_ENDED_NOTICE: Record<NonNullable<SessionUser['endingBecause']>, string> = {
  'interview-submitted': 'You have been signed out. Thank you for taking your interview.',
  inactivity: 'You were signed out because nothing happened for a while. An interview you started is kept: sign in to carry on.',
};
/** The proctor ended the candidate's sitting from the panel over their screen. */
export const SITTING_ENDED_NOTICE = 'Your proctor has ended this sitting, so you have been signed out. Your interview is kept as it was.';
/** The session ended at its kiosk deadline (not earlier, by a restart or staff): the sign-in screen can say which rule ended it. */
function endedByKioskRule(user: SessionUser | null): user is SessionUser & { endingBecause: NonNullable<SessionUser['endingBecause']> } {
  return Boolean(user?.endingBecause) && Date.now() >= Date.parse(user!.expiresAt) - 1000;
}
// Longest delay setTimeout accepts; a later expiry is re-checked when it fires.
const MAX_TIMER_MS = 2_147_483_647;

async function safeInvoke<C extends ChannelName>(api: KioskApi, channel: C, input: ChannelInput<C>): Promise<Result<ChannelOutput<C>>> {
  try {
    return await api.invoke(channel, input);
  } catch {
    // The bridge should answer with a Result, never throw; if it does, the
    // connection itself is gone and the person needs a message, not a blank screen.
    return { ok: false, error: { code: 'unavailable', message: `${NO_ANSWER} Please try again in a moment.` } };
  }
}

export function App({ api }: { api: KioskApi }) {
  const [boot, setBoot] = useState<Boot>({ state: 'loading' });
  const [user, setUser] = useState<SessionUser | null>(null);
  const [view, setView] = useState<SignedOutView>('candidate-sign-in');
  const [notice, setNotice] = useState<string | null>(null);
  const [prefillEmail, setPrefillEmail] = useState('');
  const [signingOut, setSigningOut] = useState(false);
  const [signOutError, setSignOutError] = useState<string | null>(null);

  // Event listeners and the call wrapper outlive renders; they read these refs.
  const userRef = useRef<SessionUser | null>(null);
  const signingOutRef = useRef(false);
  useEffect(() => {
    userRef.current = user;
  }, [user]);

  const loadStatus = useCallback(async (): Promise<Boot> => {
    const status = await safeInvoke(api, 'app.getStatus', {});
    return status.ok ? { state: 'ready', status: status.data } : { state: 'error', message: status.error.message };
  }, [api]);

  const fetchBoot = useCallback(async (): Promise<{ boot: Boot; user: SessionUser | null }> => {
    const [status, session] = await Promise.all([loadStatus(), safeInvoke(api, 'auth.getSession', {})]);
    if (status.state === 'ready' && !session.ok) return { boot: { state: 'error', message: session.error.message }, user: null };
    return { boot: status, user: session.ok ? session.data.user : null };
  }, [api, loadStatus]);

  const applyBoot = useCallback((next: { boot: Boot; user: SessionUser | null }) => {
    userRef.current = next.user;
    setUser(next.user);
    setBoot(next.boot);
  }, []);

  useEffect(() => {
    let current = true;
    void fetchBoot().then((next) => {
      if (current) applyBoot(next);
    });
    return () => {
      current = false;
    };
  }, [fetchBoot, applyBoot]);

  /** After any sign-out the device mode may have changed (an admin saved settings), so ask again. */
  const refreshStatus = useCallback(() => {
    void loadStatus().then((next) => {
      if (next.state === 'ready') setBoot(next);
    });
  }, [loadStatus]);

  const endSession = useCallback(
    (reason: 'signed-out' | 'expired' | 'handed-over' | 'sitting-ended') => {
      const previous = userRef.current;
      userRef.current = null;
      setUser(null);
      setSignOutError(null);
      // A kiosk is shared: never leave a candidate's email for the next person.
      setPrefillEmail(reason === 'expired' && previous?.kind === 'staff' ? previous.email : '');
      // Staff whose session lapsed on a kiosk go straight back to staff
      // sign-in; after a deliberate sign-out (or a hand-over) the kiosk is ready for a candidate.
      setView(reason === 'expired' && previous?.kind === 'staff' ? 'staff-sign-in' : 'candidate-sign-in');
      const notices = { 'signed-out': SIGNED_OUT_NOTICE, 'sitting-ended': SITTING_ENDED_NOTICE, 'handed-over': null } as const;
      // After a hand-over the sign-in screen speaks for itself: whose sitting it is, with their email filled in.
      setNotice(reason !== 'expired' ? notices[reason] : endedByKioskRule(previous) ? KIOSK_ENDED_NOTICE[previous.endingBecause] : EXPIRED_NOTICE);
      refreshStatus();
    },
    [refreshStatus],
  );

  const call = useCallback(
    async <C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<Result<ChannelOutput<C>>> => {
      const result = await safeInvoke(api, channel, input);
      if (!result.ok && result.error.code === 'unauthenticated' && userRef.current && !signingOutRef.current) {
        endSession('expired');
      }
      return result;
    },
    [api, endSession],
  ) as KioskCall;

  useEffect(
    () =>
      api.on('session.changed', ({ user: next }) => {
        if (next) {
          userRef.current = next;
          setUser(next);
        } else if (userRef.current && !signingOutRef.current) {
          endSession('expired');
        }
      }),
    [api, endSession],
  );

  // Main ends sessions on its own clock; this makes the screen follow even
  // when nobody touches it (an unattended kiosk must not stay signed in).
  const expiresAt = user?.expiresAt;
  const idleEnding = user?.endingBecause === 'inactivity';
  useEffect(() => {
    if (!expiresAt) return;
    const end = Date.parse(expiresAt);
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = (at: number, atLeastMs: number) => {
      timer = setTimeout(check, Math.min(Math.max(at - Date.now(), atLeastMs), MAX_TIMER_MS));
    };
    const check = () => {
      void safeInvoke(api, 'auth.getSession', {}).then((session) => {
        if (!live || !session.ok || !userRef.current) return;
        const next = session.data.user;
        if (!next) return endSession('expired');
        // Moved on (the candidate did something): the effect runs again for the new deadline.
        if (next.expiresAt !== expiresAt) {
          userRef.current = next;
          return setUser(next);
        }
        arm(end + 1000, 1000);
      });
    };
    // An idle sign-out is asked about a minute ahead: first make sure the deadline has not moved on since.
    const askFirst = idleEnding && end - Date.now() > STILL_THERE_WARNING_MS + 1000;
    arm(askFirst ? end - STILL_THERE_WARNING_MS - 1000 : end + 1000, 0);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, expiresAt, idleEnding, endSession]);

  const signIn = useCallback((next: SessionUser) => {
    userRef.current = next;
    setUser(next);
    setNotice(null);
    setPrefillEmail('');
    setBoot((current) => (current.state === 'ready' ? { state: 'ready', status: { ...current.status, needsSetup: false } } : current));
  }, []);

  const signOut = useCallback(async () => {
    if (signingOutRef.current) return;
    signingOutRef.current = true;
    setSigningOut(true);
    setSignOutError(null);
    const result = await safeInvoke(api, 'auth.signOut', {});
    signingOutRef.current = false;
    setSigningOut(false);
    // Already signed out on main's side counts as done.
    if (result.ok || result.error.code === 'unauthenticated') endSession('signed-out');
    else setSignOutError(`Could not sign out: ${result.error.message}`);
  }, [api, endSession]);

  /** The proctor gives the kiosk to the candidate: main signs them out, and this is a sign-out, not an expired session. */
  const handOver = useCallback(async (): Promise<string | null> => {
    if (signingOutRef.current) return null;
    signingOutRef.current = true;
    const result = await safeInvoke(api, 'proctor.handOver', {});
    signingOutRef.current = false;
    if (!result.ok) return result.error.message;
    endSession('handed-over');
    return null;
  }, [api, endSession]);

  /** The proctor ended the sitting from the panel: main signs the candidate out; the sign-in screen says why. Staff stay signed in. */
  const sittingEnded = useCallback(() => {
    if (userRef.current?.kind !== 'staff') endSession('sitting-ended');
  }, [endSession]);

  /** "I'm still here": the call itself is the activity main counts; its answer carries the moved-on deadline. */
  const stillHere = useCallback(async () => {
    const result = await call('auth.stillHere', {});
    if (result.ok && userRef.current) {
      userRef.current = result.data.user;
      setUser(result.data.user);
    }
  }, [call]);

  // Bound once so screens can list it as an effect dependency without resubscribing every render.
  const on = useCallback<KioskEvents>((event, listener) => api.on(event, listener), [api]);

  const kiosk = boot.state === 'ready' && boot.status.mode === 'kiosk';
  const sitting = useKioskSitting(call, on, kiosk, user?.id ?? null);
  useAccommodatedScreens(sitting);

  const goTo = useCallback((next: SignedOutView, email = '') => {
    setNotice(null);
    setPrefillEmail(email);
    setView(next);
  }, []);

  /**
   * From the lock screen, when the kiosk is refusing PINs for a while: the
   * proctor signs in with their staff password instead. The candidate is
   * signed out (their interview is kept); the lock stays until the proctor,
   * signed in, resumes the sitting.
   */
  const proctorSignIn = useCallback(async () => {
    await signOut();
    if (!userRef.current) goTo('staff-sign-in');
  }, [signOut, goTo]);

  if (boot.state === 'loading') return <LoadingScreen />;
  if (boot.state === 'error') {
    return (
      <StartupErrorScreen
        message={boot.message}
        onRetry={() => {
          setBoot({ state: 'loading' });
          void fetchBoot().then(applyBoot);
        }}
      />
    );
  }

  const { status } = boot;
  let screen;
  if (user) {
    const common = { user, version: status.version, onSignOut: () => void signOut(), signingOut, signOutError };
    if (user.kind === 'candidate') screen = <CandidateHomeScreen {...common} sittingHeld={sittingHolds(sitting)} accommodations={sittingAccommodations(sitting)} />;
    else if (user.role === 'proctor') screen = <ProctorScreen {...common} kioskSitting={sitting} onHandOver={handOver} />;
    else screen = <StaffHomeScreen {...common} />;
  } else if (status.needsSetup) {
    screen = <SetupScreen version={status.version} onCreated={signIn} onAlreadySetUp={refreshStatus} />;
  } else if (status.mode === 'recruiter' || view === 'staff-sign-in') {
    screen = (
      <SignInScreen
        key="staff"
        accountKind="staff"
        version={status.version}
        notice={notice}
        initialEmail={prefillEmail}
        onSignedIn={signIn}
        // Recruiter laptops have no candidate side to go back to.
        onCandidateSignIn={status.mode === 'kiosk' ? () => goTo('candidate-sign-in') : undefined}
      />
    );
  } else if (view === 'register') {
    screen = <RegisterScreen version={status.version} onRegistered={signIn} onGoToSignIn={(email) => goTo('candidate-sign-in', email)} />;
  } else {
    screen = (
      <SignInScreen
        // A sitting opening or ending starts the form afresh, with its candidate's email filled in.
        key={`candidate-${sitting?.id ?? 'none'}`}
        accountKind="candidate"
        version={status.version}
        notice={notice}
        sitting={sitting}
        initialEmail={prefillEmail || (sitting?.candidateEmail ?? '')}
        onSignedIn={signIn}
        onCreateAccount={() => goTo('register')}
        onStaffSignIn={() => goTo('staff-sign-in')}
      />
    );
  }

  return (
    <KioskCallContext.Provider value={call}>
      <KioskEventsContext.Provider value={on}>
        <SittingLayer sitting={sitting} kiosk={kiosk} signedIn={user ? (user.kind === 'candidate' ? 'candidate' : user.role === 'proctor' ? 'proctor' : 'staff') : null} onEnded={sittingEnded} onProctorSignIn={() => void proctorSignIn()}>
          {user?.endingBecause ? <SessionEndingNotice user={user} onStillHere={() => void stillHere()} onSignOut={() => void signOut()} busy={signingOut} /> : null}
          {screen}
        </SittingLayer>
      </KioskEventsContext.Provider>
    </KioskCallContext.Provider>
  );
}
