import { useCallback, type ReactNode } from 'react';
import { ScreenHeading } from '../../components/ScreenHeading';
import { useLoad } from '../../hooks/useLoad';
import { useKioskCall } from '../../kiosk-context';
import { LevelMeter } from '../interview/LevelMeter';
import { BankAudioProgress } from './BankAudioProgress';
import { inCheckOrder, microphoneCheck, speakerCheck, statusWords, summarize, type CheckView } from './self-check-words';
import { useDeviceChecks, type DeviceChecks } from './useDeviceChecks';

interface SelfCheckProps {
  onBack?: () => void;
  /** For IT (admins): the question bank audio's progress bar, refreshed while it runs. */
  showBankAudioProgress?: boolean;
}

/**
 * The pre-sitting self-check, for IT and the proctor: every check at once on
 * opening and on "Check again", one list item per check with its status in
 * words and a sign (never colour alone), what was found and what to fix,
 * and a summary line announced politely. Main checks the device; the
 * microphone and speakers are checked here.
 */
export function SelfCheckScreen({ onBack, showBankAudioProgress = false }: SelfCheckProps) {
  const call = useKioskCall();
  const load = useCallback(() => call('kiosk.selfCheck', {}), [call]);
  // On "Check again" the last report stays on screen until the new one comes.
  const { state: main, reload, reloading } = useLoad(load);
  const device = useDeviceChecks();

  const running = main.status === 'loading' || reloading;
  const report = main.status === 'ready' ? main.data : null;
  const checks = inCheckOrder([...(report?.checks ?? []), microphoneCheck(device.microphone), speakerCheck(device.speakers)]);
  const summary = summarize(checks);
  const checkAgain = () => {
    if (running) return;
    device.restart();
    reload();
  };

  return (
    <>
      <ScreenHeading>Kiosk self-check</ScreenHeading>
      <p className="lead">Before a sitting, check that this kiosk is ready: each check below is either passed or says what to fix.</p>
      <div className="actions">
        <button type="button" className="button button-primary" onClick={checkAgain} aria-disabled={running || undefined}>
          {running ? 'Checking…' : 'Check again'}
        </button>
        {onBack ? (
          <button type="button" className="button button-secondary" onClick={onBack}>
            Back to the sitting
          </button>
        ) : null}
      </div>
      {/* One live region for the whole run, present from the start, so each change is announced once. */}
      <div role="status" className={running ? 'self-check-summary loading' : `self-check-summary alert alert-${summary.tone}`}>
        {running ? <span className="spinner" aria-hidden="true" /> : null}
        <p>{running ? 'Checking this kiosk…' : summary.text}</p>
      </div>
      {main.status === 'error' ? (
        <div role="alert" className="alert alert-error">
          <p>The kiosk’s own checks could not be run: {main.message}</p>
          <button type="button" className="button button-secondary" onClick={checkAgain}>
            Try again
          </button>
        </div>
      ) : null}
      <section aria-labelledby="self-check-results-title" className="panel">
        <h2 id="self-check-results-title">Checks</h2>
        <ul className="self-check-list">
          {checks.map((check) => (
            <CheckItem key={check.id} check={check} pending={running && check.id !== 'microphone' && check.id !== 'speakers'}>
              {check.id === 'microphone' && device.microphone.status === 'open' ? <LevelMeter id="self-check-microphone-level" percent={device.level} /> : null}
              {check.id === 'speakers' ? <ToneControls device={device} /> : null}
              {check.id === 'bank-audio' && showBankAudioProgress ? <BankAudioProgress /> : null}
            </CheckItem>
          ))}
        </ul>
        {running && !report ? <p className="hint">The keychain, the AI provider, sync and this computer’s own checks appear here in a few seconds.</p> : null}
      </section>
    </>
  );
}

function CheckItem({ check, pending, children }: { check: CheckView; pending: boolean; children?: ReactNode }) {
  const { word, sign } = statusWords[check.status];
  return (
    <li className={`self-check-item self-check-${check.status}`} aria-busy={pending || undefined}>
      <h3 className="self-check-title">
        <span className="self-check-sign" aria-hidden="true">
          {sign}
        </span>
        <span>
          {check.label}: <span className="self-check-word">{word}</span>
        </span>
      </h3>
      <p className="self-check-detail">{check.detail}</p>
      {check.fix ? (
        <p className="self-check-fix">
          <strong>To fix:</strong> {check.fix}
        </p>
      ) : null}
      {children}
    </li>
  );
}

function ToneControls({ device }: { device: DeviceChecks }) {
  const { tone, heard } = device.speakers;
  const playing = tone === 'playing';
  return (
    <div className="actions">
      <button type="button" className="button button-secondary" onClick={() => !playing && device.playTone()} aria-disabled={playing || undefined}>
        {playing ? 'Playing the test tone…' : tone === 'idle' ? 'Play a test tone' : 'Play the tone again'}
      </button>
      {tone === 'played' || tone === 'playing' ? (
        <>
          <button type="button" className="button button-secondary" onClick={() => device.answerTone(true)} aria-pressed={heard === true}>
            I heard it
          </button>
          <button type="button" className="button button-secondary" onClick={() => device.answerTone(false)} aria-pressed={heard === false}>
            I heard nothing
          </button>
        </>
      ) : null}
    </div>
  );
}
