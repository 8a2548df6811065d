import { useCallback, useEffect, useState } from 'react';
import type { KioskSitting } from '../../../../shared/domain/proctoring';
import type { SessionUser } from '../../../../shared/ipc/contract';
import { SignedInFrame } from '../../components/Frame';
import { Loading, LoadFailed } from '../../components/LoadStates';
import { ScreenHeading } from '../../components/ScreenHeading';
import { useFocusRequest } from '../../hooks/useFocusRequest';
import { useLoad } from '../../hooks/useLoad';
import { useKioskCall } from '../../kiosk-context';
import { SelfCheckScreen } from '../self-check/SelfCheckScreen';
import { SittingControls } from '../sitting/SittingControls';
import { HandOverSection } from './HandOverSection';
import { OpenSittingForm } from './OpenSittingForm';
import { SetPinForm } from './SetPinForm';
import { FollowUpRequests } from '../staff/FollowUpRequests';
import { AiServiceStatusLine } from '../staff/AiServiceStatusLine';

interface ProctorScreenProps {
  user: SessionUser;
  version: string;
  onSignOut: () => void;
  signingOut: boolean;
  signOutError: string | null;
  /** The kiosk's sitting as events report it: each `sitting.changed` (a lock, an integrity event recorded) reloads this screen. */
  kioskSitting: KioskSitting | null;
  /** Resolves with main's refusal, if any; on success App has already left this screen. */
  onHandOver: () => Promise<string | null>;
}

/**
 * The proctor at the kiosk: set a PIN once, open a sitting for a registered
 * candidate, hand the kiosk over; or, signing in while a sitting is open,
 * its controls. Proctors see no results, so nothing else is here.
 */
export function ProctorScreen({ user, version, onSignOut, signingOut, signOutError, kioskSitting, onHandOver }: ProctorScreenProps) {
  const call = useKioskCall();
  const focus = useFocusRequest();
  const load = useCallback(() => call('proctor.status', {}), [call]);
  const { state, reload } = useLoad(load);
  const [handOverError, setHandOverError] = useState<string | null>(null);
  const [selfCheck, setSelfCheck] = useState(false);

  useEffect(() => reload(), [kioskSitting, reload]);

  /** After a step, reload and send focus to the section that comes next. */
  const then = (nextSection: string) => () => {
    reload();
    focus(nextSection);
  };

  const handOver = async () => {
    const refused = await onHandOver();
    setHandOverError(refused);
    return refused;
  };

  let body;
  if (state.status === 'loading') body = <Loading>Loading this kiosk’s sitting…</Loading>;
  else if (state.status === 'error') body = <LoadFailed what="this kiosk’s sitting" message={state.message} onRetry={reload} />;
  else if (!state.data.hasPin) body = <SetPinForm onSaved={then('open-sitting-title')} />;
  else if (!state.data.sitting) body = <OpenSittingForm onOpened={then('sitting-title')} />;
  else {
    const sitting = state.data.sitting;
    body = (
      <section aria-labelledby="sitting-title" className="panel">
        <h2 id="sitting-title" tabIndex={-1}>
          Sitting for {sitting.candidate.fullName}
        </h2>
        <SittingControls sitting={sitting} onChanged={reload} onEnded={then('open-sitting-title')}>
          <HandOverSection sitting={sitting} onHandOver={handOver} error={handOverError} />
        </SittingControls>
      </section>
    );
  }

  const frame = { user, version, onSignOut, signingOut, signOutError };
  if (selfCheck) {
    return (
      <SignedInFrame {...frame}>
        <SelfCheckScreen onBack={() => setSelfCheck(false)} />
      </SignedInFrame>
    );
  }

  return (
    <SignedInFrame {...frame} nav={<AiServiceStatusLine canCheckAgain={false} />}>
      <ScreenHeading>Kiosk sitting</ScreenHeading>
      <div className="actions">
        {/* Before a sitting: is this kiosk ready (OS lock, microphone, speakers, AI provider, …)? */}
        <button type="button" className="button button-secondary" onClick={() => setSelfCheck(true)}>
          Kiosk self-check
        </button>
      </div>
      {state.status === 'ready' && !state.data.sittingRequired ? (
        <p className="alert alert-info">Sittings are not required at this kiosk: candidates can start an interview without one.</p>
      ) : null}
      {body}
      {/* Candidates at this kiosk who declined the AI interview or asked for an accommodation. */}
      <FollowUpRequests />
    </SignedInFrame>
  );
}
