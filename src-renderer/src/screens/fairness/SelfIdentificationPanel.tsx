import { useCallback, useState, type FormEvent } from 'react';
import {
  raceEthnicityCategories,
  raceEthnicityLabels,
  sexCategories,
  sexLabels,
  type RaceEthnicityCategory,
  type SexCategory,
} from '../../../../shared/domain/self-identification';
import { FormAlert, StatusMessage } from '../../components/FormAlert';
import { LoadFailed, Loading } from '../../components/LoadStates';
import { SelectField } from '../../components/SelectField';
import { useLoad } from '../../hooks/useLoad';
import { usePending } from '../../hooks/usePending';
import { useKioskCall } from '../../kiosk-context';

const NOT_SAID = 'not_said';
const NO_ANSWER = 'The app did not answer. Try again in a moment.';

const sexOptions = [[NOT_SAID, 'I prefer not to say'], ...sexCategories.map((category) => [category, sexLabels[category]] as const)] as const;
const raceOptions = [[NOT_SAID, 'I prefer not to say'], ...raceEthnicityCategories.map((category) => [category, raceEthnicityLabels[category]] as const)] as const;

/**
 * Two optional questions for bias monitoring (issue 18, point 6). Nothing
 * depends on them: the interview starts the same whether they are answered
 * or not, and the answers go to the bias report only, never to the AI or
 * the people reviewing the interview.
 */
export function SelfIdentificationPanel() {
  const call = useKioskCall();
  const load = useCallback(() => call('selfIdentification.get', {}), [call]);
  const { state, reload } = useLoad(load);

  return (
    <section aria-labelledby="self-id-title" className="panel">
      <h2 id="self-id-title">Optional: help us check that hiring is fair</h2>
      <p>
        We count who is selected by sex and race/ethnicity, to find out whether our process treats groups alike. Answering is voluntary and changes
        nothing for you. Your answers are kept apart: they are never given to the AI interviewer or shown to the people who review your interview.
      </p>
      {state.status === 'loading' ? <Loading>Loading…</Loading> : null}
      {state.status === 'error' ? <LoadFailed what="your answers" message={state.message} onRetry={reload} retryLabel="Try again" /> : null}
      {state.status === 'ready' ? <AnswerForm answered={state.data.answer} /> : null}
    </section>
  );
}

/** Starts from the candidate's newest answer, if any. */
function AnswerForm({ answered }: { answered: { sex: SexCategory | null; raceEthnicity: RaceEthnicityCategory | null } | null }) {
  const call = useKioskCall();
  const { pending, run } = usePending();
  const [sex, setSex] = useState<SexCategory | typeof NOT_SAID>(answered?.sex ?? NOT_SAID);
  const [race, setRace] = useState<RaceEthnicityCategory | typeof NOT_SAID>(answered?.raceEthnicity ?? NOT_SAID);
  const [saved, setSaved] = useState(answered !== null);
  const [alert, setAlert] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAlert(null);
    setNotice(null);
    void run(async () => {
      try {
        const result = await call('selfIdentification.answer', { sex: sex === NOT_SAID ? null : sex, raceEthnicity: race === NOT_SAID ? null : race });
        if (result.ok) {
          setSaved(true);
          setNotice('Thank you. Your answer is saved, apart from your interview.');
        } else setAlert(result.error.message);
      } catch {
        setAlert(NO_ANSWER);
      }
    });
  };

  return (
    <form noValidate onSubmit={submit} aria-labelledby="self-id-title">
      <FormAlert id="self-id-alert" message={alert} />
      <StatusMessage message={notice} />
      <SelectField id="self-id-sex" label="Sex" value={sex} options={sexOptions} onChange={setSex} />
      <SelectField id="self-id-race" label="Race/ethnicity" value={race} options={raceOptions} onChange={setRace} />
      <button type="submit" className="button button-secondary" disabled={pending}>
        {pending ? 'Saving…' : saved ? 'Save my new answer' : 'Save my answer'}
      </button>
    </form>
  );
}
