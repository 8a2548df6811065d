import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { knownModelNames, speechModelFor } from '../../../../shared/domain/ai-models';
import { appModes, proxyModes, settingsPatchSchema, type AppMode, type AppSettings, type SettingsPatch } from '../../../../shared/domain/settings';
import { readSetting } from '../../../../shared/domain/setting-kinds';
import type { SettingsView } from '../../../../shared/ipc/contract';
import { FormAlert, StatusMessage } from '../../components/FormAlert';
import { ScreenHeading } from '../../components/ScreenHeading';
import { SelectField } from '../../components/SelectField';
import { SubmitButton } from '../../components/SubmitButton';
import { FieldError, TextField } from '../../components/TextField';
import { clientFeedback, fieldErrorsFromIssues, noFeedback, serverFeedback, type FieldErrors, type FormFeedback } from '../../forms';
import { useFocusRequest } from '../../hooks/useFocusRequest';
import { useLoad } from '../../hooks/useLoad';
import { usePending } from '../../hooks/usePending';
import { useKioskCall, useKioskEvents } from '../../kiosk-context';
import { EnrolWithCodePanel } from './EnrolWithCodePanel';
import { SecretsPanel } from './SecretsPanel';
import { PolicyBadge, SettingSourcesPanel, settingLock } from './SettingSourcesPanel';

type Section = 'provider' | 'smtp' | 'sync' | 'interview' | 'network';

/** "Supported: a, b, c." from the app's model table; other names work too, with a warning. */
function supported(endpoint: Parameters<typeof knownModelNames>[0]): string {
  return `Supported: ${knownModelNames(endpoint).join(', ')}. Others are accepted with a warning.`;
}

interface TextSetting {
  section: Section;
  name: string;
  label: string;
  hint?: string;
  type: 'text' | 'url' | 'number' | 'email';
}

/** An on/off setting, shown as a checkbox after the group's text fields. */
interface FlagSetting {
  section: Section;
  name: string;
  label: string;
  hint?: string;
}

/** A setting with a few named values, shown as a drop-down before the group's text fields. */
interface ChoiceSetting {
  section: Section;
  name: string;
  label: string;
  hint?: string;
  options: readonly (readonly [string, string])[];
}

const proxyModeLabels: Record<(typeof proxyModes)[number], string> = {
  system: 'The system’s proxy (HTTPS_PROXY, HTTP_PROXY, NO_PROXY)',
  direct: 'No proxy: connect directly',
  manual: 'This proxy (the address below)',
};

const groups: { section: Section; legend: string; choices?: ChoiceSetting[]; fields: TextSetting[]; flags?: FlagSetting[] }[] = [
  {
    section: 'provider',
    legend: 'AI provider',
    fields: [
      { section: 'provider', name: 'baseUrl', label: 'Provider base URL', type: 'url', hint: 'An OpenAI-compatible API address, starting with https:// (http:// only to this computer).' },
      { section: 'provider', name: 'interviewModel', label: 'Interview model', type: 'text', hint: supported('chat') },
      { section: 'provider', name: 'resumeParsingModel', label: 'Resume parsing model', type: 'text', hint: supported('chat') },
      { section: 'provider', name: 'scoringModel', label: 'Scoring model', type: 'text', hint: supported('chat') },
      { section: 'provider', name: 'ttsModel', label: 'Text-to-speech model', type: 'text', hint: supported('speech') },
      {
        section: 'provider',
        name: 'ttsVoice',
        label: 'Text-to-speech voice',
        type: 'text',
        hint: `tts-1 and tts-1-hd: ${speechModelFor('tts-1')?.voices.join(', ')}. gpt-4o-mini-tts also: ${speechModelFor('gpt-4o-mini-tts')
          ?.voices.filter((voice) => !speechModelFor('tts-1')?.voices.includes(voice))
          .join(', ')}.`,
      },
      { section: 'provider', name: 'sttModel', label: 'Speech-to-text model', type: 'text', hint: supported('transcription') },
      {
        section: 'provider',
        name: 'liveSttModel',
        label: 'Live speech-to-text model',
        type: 'text',
        hint: 'Used while the candidate speaks: gpt-4o-transcribe or gpt-4o-mini-transcribe, or gpt-realtime-whisper, which writes the words as they are said and so lets the interviewer reply soonest.',
      },
    ],
    flags: [
      {
        section: 'provider',
        name: 'liveTranscription',
        label: 'Transcribe answers while the candidate speaks',
        hint: 'The words are ready as soon as the candidate stops, so the interviewer replies sooner. Every part of an answer is still recorded, and transcribed from its recording whenever the live stream fails.',
      },
    ],
  },
  {
    section: 'smtp',
    legend: 'Email (SMTP)',
    fields: [
      { section: 'smtp', name: 'host', label: 'SMTP host', type: 'text' },
      { section: 'smtp', name: 'port', label: 'SMTP port', type: 'number', hint: 'Usually 587, or 465 for a secure connection.' },
      { section: 'smtp', name: 'username', label: 'SMTP username', type: 'text' },
      { section: 'smtp', name: 'sender', label: 'Sender address', type: 'email', hint: 'The “From” address on emails this device sends.' },
    ],
    flags: [{ section: 'smtp', name: 'secure', label: 'Use a secure (TLS) connection' }],
  },
  {
    section: 'interview',
    legend: 'Interview',
    fields: [
      {
        section: 'interview',
        name: 'endOfTurnSilenceMs',
        label: 'End-of-answer silence (milliseconds)',
        type: 'number',
        hint: 'The longest pause before an answer is taken as finished: 800 to 10000; 3500 by default. When the candidate’s last words sound finished, a pause of 0.7 s ends the answer sooner; after “and”, “um” or a sentence cut short, the kiosk waits up to this long. Longer suits people who pause to think; a candidate the interviewer interrupts can still carry on with their answer.',
      },
      { section: 'interview', name: 'maxDurationMinutes', label: 'Longest interview (minutes)', type: 'number', hint: '10 to 240; 60 by default.' },
      { section: 'interview', name: 'maxStartsPerHour', label: 'Interview starts an hour', type: 'number', hint: 'At most this many new interviews an hour, per candidate and per kiosk: 1 to 100; 10 by default.' },
      {
        section: 'interview',
        name: 'idleSignOutMinutes',
        label: 'Sign out an idle candidate after (minutes)',
        type: 'number',
        hint: 'Kiosks only: 2 to 120; 10 by default. A minute before, the screen asks whether the candidate is still there. An interview left this way can be carried on after signing in again.',
      },
      {
        section: 'interview',
        name: 'signOutAfterSubmitSeconds',
        label: 'Sign out after submitting (seconds)',
        type: 'number',
        hint: 'Kiosks only: 5 to 300; 30 by default. The candidate sees the countdown and can sign out sooner.',
      },
    ],
    flags: [{ section: 'interview', name: 'requireProctorSitting', label: 'Candidates start only in a sitting a proctor opened (kiosks)' }],
  },
  {
    section: 'sync',
    legend: 'Sync',
    fields: [{ section: 'sync', name: 'endpoint', label: 'Sync endpoint', type: 'url', hint: 'Set by “Enrol with a code” below. By hand only for a device enrolled the old way (hosted-db enrol-device --with-password): the postgres://… address it printed, without a password, with the password under “Sync device credential” in Stored secrets. Leave empty to keep all data on this device.' }],
  },
  {
    section: 'network',
    legend: 'Network',
    choices: [
      {
        section: 'network',
        name: 'proxyMode',
        label: 'Proxy',
        hint: 'Used for the AI provider, email, sync and updates. The proxy’s password, when it asks for one, goes under “Proxy password” in Stored secrets.',
        options: proxyModes.map((mode) => [mode, proxyModeLabels[mode]] as const),
      },
    ],
    fields: [
      { section: 'network', name: 'proxyUrl', label: 'Proxy address', type: 'url', hint: 'For “This proxy”: http://host:port, without a user name or password.' },
      { section: 'network', name: 'proxyUsername', label: 'Proxy username', type: 'text', hint: 'Sent only when the proxy asks for one.' },
      { section: 'network', name: 'proxyBypass', label: 'Reach these hosts directly', type: 'text', hint: 'Separated by commas: host, *.corp.example, host:port, <local> (any name without a dot). This computer’s own addresses always go directly, unless the list has <-loopback>.' },
      {
        section: 'network',
        name: 'caBundlePath',
        label: 'CA bundle (PEM file)',
        type: 'text',
        hint: 'Where the network inspects TLS: the full path of a PEM file of IT’s certificate authorities, trusted besides the built-in ones. The self-check says whether it loaded.',
      },
    ],
  },
];

const modeLabels: Record<AppMode, { label: string; description: string }> = {
  kiosk: { label: 'Kiosk', description: 'Candidates register, sign in and take interviews. Staff can also sign in.' },
  recruiter: { label: 'Recruiter laptop', description: 'Only staff sign in, to review interviews.' },
};

const numberKeys = new Set(groups.flatMap((g) => g.fields.filter((f) => f.type === 'number').map((f) => `${f.section}.${f.name}`)));

/** Every editable value as text or a flag, keyed by its dotted settings path. */
type FormValues = Record<string, string | boolean>;

function toFormValues(settings: AppSettings): FormValues {
  const values: FormValues = { mode: settings.mode };
  for (const group of groups) {
    const section = settings[group.section] as Record<string, unknown>;
    for (const field of [...(group.choices ?? []), ...group.fields]) values[`${field.section}.${field.name}`] = String(section[field.name] ?? '');
    for (const flag of group.flags ?? []) values[`${flag.section}.${flag.name}`] = section[flag.name] === true;
  }
  return values;
}

/** Whether IT fixes this setting, by its machine file or by policy: the form shows it read-only and never sends it. */
function isManaged(view: SettingsView, key: string): boolean {
  return settingLock(view, key) !== null;
}

/**
 * What the form shows: the settings in force, with the admin's edits over
 * them, except where IT fixes a value (that always shows IT's value, even
 * when a policy arrives after the admin typed).
 */
function shownValues(view: SettingsView, edits: FormValues): FormValues {
  const values = toFormValues(view.settings);
  for (const [key, value] of Object.entries(edits)) if (!isManaged(view, key)) values[key] = value;
  return values;
}

/**
 * Only what the admin changed, so saving never rewrites values they did not
 * touch, nor what another admin or IT's policy changed while the form was
 * open. A number field's text becomes a number only when it reads as one;
 * anything else stays text, so the settings schema refuses it with the same
 * message as an out-of-range number: the setting's name, range and unit.
 */
function buildPatch(view: SettingsView, edits: FormValues): { patch: SettingsPatch; changed: number } {
  const inForce = toFormValues(view.settings);
  const patch: Record<string, unknown> = {};
  let changed = 0;
  for (const [key, value] of Object.entries(edits)) {
    if (value === inForce[key] || isManaged(view, key)) continue;
    changed++;
    const [section, name] = key.split('.') as [string, string | undefined];
    let typed: unknown = value;
    if (numberKeys.has(key)) {
      const text = String(value).trim();
      typed = /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
    } else if (typeof value === 'string' && key !== 'mode') {
      typed = value.trim();
    }
    if (name === undefined) patch[section] = typed;
    else patch[section] = { ...(patch[section] as Record<string, unknown> | undefined), [name]: typed };
  }
  return { patch: patch as SettingsPatch, changed };
}

/** Which settings IT's policy sets, and with what: a change of it while the screen is open is worth a word. */
function policySignature(view: SettingsView): string {
  return JSON.stringify(Object.keys(view.policy.settings).map((key) => [key, JSON.stringify(readSetting(view.settings, key))]));
}

export function DeviceSettingsSection() {
  const call = useKioskCall();
  const on = useKioskEvents();
  const load = useCallback(() => call('settings.get', {}), [call]);
  const { state, reload } = useLoad(load);
  // Loading also subscribes this window to `settings.changed`: IT's policy or another admin's save, as it happens.
  // What arrived since the last load wins over it; loading again starts from what main answers.
  const [latest, setLatest] = useState<SettingsView | null>(null);
  useEffect(() => on('settings.changed', setLatest), [on]);
  const loadAgain = useCallback(() => {
    setLatest(null);
    reload();
  }, [reload]);
  const view = state.status === 'ready' ? (latest ?? state.data) : null;

  return (
    <>
      <ScreenHeading>Device settings</ScreenHeading>
      {state.status === 'loading' ? (
        <p role="status">Loading device settings…</p>
      ) : state.status === 'error' ? (
        <div role="alert" className="alert alert-error">
          <p>Could not load device settings: {state.message}</p>
          <button type="button" className="button button-secondary" onClick={loadAgain}>
            Try again
          </button>
        </div>
      ) : view ? (
        <>
          <SettingsForm view={view} onSaved={setLatest} />
          <SettingSourcesPanel view={view} />
        </>
      ) : null}
      <EnrolWithCodePanel onEnrolled={loadAgain} />
      <SecretsPanel />
    </>
  );
}

export function SettingsForm({ view, onSaved }: { view: SettingsView; onSaved: (view: SettingsView) => void }) {
  const call = useKioskCall();
  const { pending, run } = usePending();
  const focus = useFocusRequest();
  const [edits, setEdits] = useState<FormValues>({});
  const [feedback, setFeedback] = useState<FormFeedback>(noFeedback);
  const [saved, setSaved] = useState<string | null>(null);
  const [policyChanged, setPolicyChanged] = useState(false);
  const shownPolicy = useRef(policySignature(view));
  const values = shownValues(view, edits);
  const alertId = 'settings-alert';
  const saveId = 'settings-save';
  const managed = (key: string) => isManaged(view, key);
  const badgeFor = (key: string) => (settingLock(view, key) === 'policy' ? <PolicyBadge /> : settingLock(view, key) === 'machine-file' ? <ManagedBadge /> : null);
  const policySet = Object.keys(view.policy.settings).length > 0;
  const set = (key: string) => (value: string | boolean) => setEdits((current) => ({ ...current, [key]: value }));
  const fieldId = (key: string) => `setting-${key.replace('.', '-')}`;

  useEffect(() => {
    const signature = policySignature(view);
    if (signature === shownPolicy.current) return;
    shownPolicy.current = signature;
    setPolicyChanged(true);
  }, [view]);

  const focusFirstError = (fields: FieldErrors) => {
    const order = ['mode', ...groups.flatMap((g) => [...(g.choices ?? []), ...g.fields, ...(g.flags ?? [])].map((f) => `${f.section}.${f.name}`))];
    const first = order.find((key) => fields[key]);
    focus(first ? (first === 'mode' ? `${fieldId('mode')}-${String(values.mode)}` : fieldId(first)) : alertId);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(null);
    void run(async () => {
      const { patch, changed } = buildPatch(view, edits);
      if (changed === 0) {
        setFeedback(noFeedback);
        setSaved('Nothing to save: no settings were changed.');
        focus(saveId);
        return;
      }
      const parsed = settingsPatchSchema.safeParse(patch);
      if (!parsed.success) {
        const fields = fieldErrorsFromIssues(parsed.error.issues);
        setFeedback(clientFeedback(fields));
        focusFirstError(fields);
        return;
      }
      setFeedback(noFeedback);
      const result = await call('settings.update', patch);
      if (!result.ok) {
        const next = serverFeedback(result.error);
        setFeedback(next);
        focusFirstError(next.fields);
        return;
      }
      const modeChanged = result.data.settings.mode !== view.settings.mode;
      onSaved(result.data);
      setEdits({});
      setSaved(modeChanged ? 'Settings saved. The new device mode takes effect when you sign out.' : 'Settings saved.');
      focus(saveId);
    });
  };

  // Field errors main sends under keys this form has no field for still need showing (once: not again when the alert already says it).
  const knownKeys = new Set(Object.keys(values));
  const otherErrors = Object.entries(feedback.fields).filter(([key, message]) => !knownKeys.has(key) && message !== feedback.message);
  const modeManaged = managed('mode');

  return (
    <section aria-labelledby="settings-form-title" className="panel">
      <h2 id="settings-form-title">Settings</h2>
      {view.managedKeys.length > 0 ? (
        <p>
          Settings marked <span className="badge badge-managed">Managed by IT</span> are fixed by this device’s IT settings file
          {view.machineFilePath ? (
            <>
              {' '}
              (<code>{view.machineFilePath}</code>)
            </>
          ) : null}{' '}
          and cannot be changed here.
        </p>
      ) : null}
      {policySet ? (
        <p>
          Settings marked <PolicyBadge /> are set by IT’s central policy
          {view.policy.location ? (
            <>
              {' '}
              (<code>{view.policy.location}</code>)
            </>
          ) : null}{' '}
          and cannot be changed here.
        </p>
      ) : null}
      {view.policy.problems.length > 0 ? (
        <div className="alert alert-warning" role="status" aria-labelledby="settings-policy-problems-title">
          <p id="settings-policy-problems-title">IT’s policy has problems; tell IT:</p>
          <ul>
            {view.policy.problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <StatusMessage message={saved} />
      {policyChanged ? (
        <div className="alert alert-info" role="status">
          <p>IT’s policy changed while this screen was open. The settings below show it; what you typed in other fields is kept.</p>
        </div>
      ) : null}
      {view.warnings.length > 0 ? (
        <div className="alert alert-warning" role="status" aria-labelledby="settings-warnings-title">
          <p id="settings-warnings-title">Check these settings:</p>
          <ul>
            {view.warnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <form noValidate onSubmit={submit}>
        <FormAlert id={alertId} message={feedback.message}>
          {otherErrors.length > 0 ? (
            <ul>
              {otherErrors.map(([key, message]) => (
                <li key={key}>
                  {key}: {message}
                </li>
              ))}
            </ul>
          ) : null}
        </FormAlert>

        <fieldset className="fieldset" aria-describedby={feedback.fields.mode ? `${fieldId('mode')}-error` : undefined}>
          <legend>
            Device mode
            {modeManaged ? badgeFor('mode') : null}
          </legend>
          {appModes.map((mode) => (
            <div key={mode} className="choice">
              <input
                type="radio"
                id={`${fieldId('mode')}-${mode}`}
                name="mode"
                value={mode}
                checked={values.mode === mode}
                disabled={modeManaged}
                onChange={() => set('mode')(mode)}
                aria-describedby={`${fieldId('mode')}-${mode}-description`}
              />
              <label htmlFor={`${fieldId('mode')}-${mode}`}>{modeLabels[mode].label}</label>
              <p id={`${fieldId('mode')}-${mode}-description`} className="choice-description">
                {modeLabels[mode].description}
              </p>
            </div>
          ))}
          <FieldError id={`${fieldId('mode')}-error`} message={feedback.fields.mode} />
        </fieldset>

        {groups.map((group) => (
          <fieldset key={group.section} className="fieldset">
            <legend>{group.legend}</legend>
            {(group.choices ?? []).map((choice) => {
              const key = `${choice.section}.${choice.name}`;
              const isFixed = managed(key);
              return (
                <SelectField
                  key={key}
                  id={fieldId(key)}
                  label={choice.label}
                  badge={isFixed ? badgeFor(key) : null}
                  hint={choice.hint}
                  value={String(values[key] ?? '')}
                  options={choice.options}
                  onChange={set(key)}
                  disabled={isFixed}
                  error={feedback.fields[key]}
                />
              );
            })}
            {group.fields.map((field) => {
              const key = `${field.section}.${field.name}`;
              const isFixed = managed(key);
              return (
                <TextField
                  key={key}
                  id={fieldId(key)}
                  label={field.label}
                  badge={isFixed ? badgeFor(key) : null}
                  hint={field.hint}
                  type={field.type === 'number' ? 'text' : field.type}
                  inputMode={field.type === 'number' ? 'numeric' : undefined}
                  value={String(values[key] ?? '')}
                  onChange={set(key)}
                  readOnly={isFixed}
                  error={feedback.fields[key]}
                  spellCheck={false}
                  autoComplete="off"
                />
              );
            })}
            {(group.flags ?? []).map((flag) => {
              const key = `${flag.section}.${flag.name}`;
              const id = fieldId(key);
              const isFixed = managed(key);
              const error = feedback.fields[key];
              const describedBy = [flag.hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ');
              return (
                <div key={key} className="choice">
                  <input
                    type="checkbox"
                    id={id}
                    checked={values[key] === true}
                    disabled={isFixed}
                    onChange={(event) => set(key)(event.target.checked)}
                    aria-invalid={error ? true : undefined}
                    aria-describedby={describedBy || undefined}
                  />
                  <label htmlFor={id}>
                    {flag.label}
                    {isFixed ? badgeFor(key) : null}
                  </label>
                  {flag.hint ? (
                    <p id={`${id}-hint`} className="choice-description">
                      {flag.hint}
                    </p>
                  ) : null}
                  <FieldError id={`${id}-error`} message={error} />
                </div>
              );
            })}
          </fieldset>
        ))}
        <div className="actions">
          <SubmitButton id={saveId} label="Save settings" pendingLabel="Saving…" pending={pending} />
        </div>
      </form>
    </section>
  );
}

function ManagedBadge() {
  return <span className="badge badge-managed">Managed by IT</span>;
}
