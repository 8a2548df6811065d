import { useState, type FormEvent } from 'react';
import { atsFormatLabels, atsFormats, atsPeriodBases, type AtsFileType, type AtsFormat, type AtsPeriodBasis } from '../../../../shared/domain/ats-export';
import { roleTypes, type RoleType } from '../../../../shared/domain/interview';
import { channels } from '../../../../shared/ipc/contract';
import { FormAlert, StatusMessage } from '../../components/FormAlert';
import { ScreenHeading } from '../../components/ScreenHeading';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { clientFeedback, fieldErrorsFromIssues, firstInvalidFieldId, noFeedback, serverFeedback, type FormFeedback } from '../../forms';
import { useFocusRequest } from '../../hooks/useFocusRequest';
import { usePending } from '../../hooks/usePending';
import { useKioskCall } from '../../kiosk-context';
import { roleLabels } from '../interview/labels';
import { saveBlob } from './review/blob';

const PREFIX = 'ats-export';
const ALERT_ID = `${PREFIX}-alert`;
const NO_ANSWER = 'The app did not answer. Try again in a moment.';

/** Each input field and the element its error is shown beside, in form order. */
const fieldOrder: [string, string][] = [
  ['roleType', `${PREFIX}-role`],
  ['from', `${PREFIX}-from`],
  ['to', `${PREFIX}-to`],
  ['by', `${PREFIX}-by`],
  ['format', `${PREFIX}-format`],
];

const basisLabels: Record<AtsPeriodBasis, string> = {
  completed: 'Interview completed in the period',
  decided: 'Latest decision recorded in the period',
};

const formatHints: Record<AtsFormat, string> = {
  standard: 'One column per field, skill scores included: for your own import or spreadsheet.',
  greenhouse: 'First Name, Last Name, Email, Job and Notes, for Greenhouse’s bulk candidate import; the scores and decision go in Notes.',
  lever: 'Full name, Email, Tags and Notes, for Lever’s candidate import; the scores and decision go in Notes.',
};

/** From the first of this month to today (UTC, as the export counts days). */
function thisMonth(today = new Date()): { from: string; to: string } {
  const to = today.toISOString().slice(0, 10);
  return { from: `${to.slice(0, 8)}01`, to };
}

/**
 * Exports for hiring systems without webhooks (issue 21, point 4), for
 * recruiters and admins: the interviews of a role and a period with their
 * assessments and latest decisions, saved as CSV or JSON where the person
 * chooses (Electron asks; a browser downloads).
 */
export function AtsExportSection() {
  const call = useKioskCall();
  const { pending, run } = usePending();
  const focus = useFocusRequest();
  const [roleType, setRoleType] = useState<RoleType | 'all'>('all');
  const [period, setPeriod] = useState(thisMonth);
  const [by, setBy] = useState<AtsPeriodBasis>('completed');
  const [format, setFormat] = useState<AtsFormat>('standard');
  const [making, setMaking] = useState<AtsFileType | null>(null);
  const [feedback, setFeedback] = useState<FormFeedback>(noFeedback);
  const [notice, setNotice] = useState<{ text: string; tone: 'success' | 'info' } | null>(null);

  const exportAs = (fileType: AtsFileType) => {
    setNotice(null);
    void run(async () => {
      const input = { roleType, from: period.from, to: period.to, by, format, fileType };
      const checked = channels['atsExport.make'].input.safeParse(input);
      if (!checked.success) {
        const fields = fieldErrorsFromIssues(checked.error.issues);
        setFeedback(clientFeedback(fields));
        focus(firstInvalidFieldId(fieldOrder, fields) ?? ALERT_ID);
        return;
      }
      setFeedback(noFeedback);
      setMaking(fileType);
      try {
        const result = await call('atsExport.make', checked.data);
        if (!result.ok) {
          const next = serverFeedback(result.error);
          setFeedback(next);
          focus(firstInvalidFieldId(fieldOrder, next.fields) ?? ALERT_ID);
          return;
        }
        if (result.data.rows === 0) {
          setNotice({ text: 'No submitted interview matches that role and period, so no file was saved.', tone: 'info' });
        } else {
          saveBlob(new Blob([result.data.content], { type: result.data.mediaType }), result.data.fileName);
          setNotice({ text: `${result.data.fileName} is ready: ${result.data.rows} ${result.data.rows === 1 ? 'interview' : 'interviews'}.`, tone: 'success' });
        }
        // The button was disabled while waiting, which drops focus; put it back.
        focus(`${PREFIX}-${fileType}`);
      } catch {
        setFeedback({ ...noFeedback, message: NO_ANSWER });
        focus(ALERT_ID);
      } finally {
        setMaking(null);
      }
    });
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    exportAs('csv');
  };

  return (
    <div>
      <ScreenHeading>Export for hiring systems</ScreenHeading>
      <p className="lead">
        For a hiring system that takes no webhooks: the submitted interviews of a role and a period, each with its assessment and latest decision. The
        file holds candidates’ names, emails and scores: keep it as you keep their records, and delete it once imported.
      </p>
      <form noValidate onSubmit={submit} className="panel" aria-labelledby={`${PREFIX}-title`} aria-busy={pending}>
        <h2 id={`${PREFIX}-title`}>What to export</h2>
        <FormAlert id={ALERT_ID} message={feedback.message} />
        <SelectField
          id={`${PREFIX}-role`}
          label="Role"
          value={roleType}
          options={[['all', 'All roles'] as const, ...roleTypes.map((type) => [type, roleLabels[type].label] as const)]}
          onChange={setRoleType}
          error={feedback.fields.roleType}
        />
        <TextField id={`${PREFIX}-from`} label="First day" type="date" value={period.from} onChange={(from) => setPeriod((p) => ({ ...p, from }))} error={feedback.fields.from} />
        <TextField
          id={`${PREFIX}-to`}
          label="Last day"
          type="date"
          value={period.to}
          onChange={(to) => setPeriod((p) => ({ ...p, to }))}
          hint="Both days are included (UTC)."
          error={feedback.fields.to}
        />
        <SelectField id={`${PREFIX}-by`} label="Which interviews" value={by} options={atsPeriodBases.map((basis) => [basis, basisLabels[basis]] as const)} onChange={setBy} error={feedback.fields.by} />
        <SelectField
          id={`${PREFIX}-format`}
          label="Columns"
          value={format}
          options={atsFormats.map((each) => [each, atsFormatLabels[each]] as const)}
          onChange={setFormat}
          hint={formatHints[format]}
          error={feedback.fields.format}
        />
        <div className="actions">
          <button id={`${PREFIX}-csv`} type="submit" className="button button-primary" disabled={pending}>
            {making === 'csv' ? 'Preparing CSV…' : 'Export CSV'}
          </button>
          <button id={`${PREFIX}-json`} type="button" className="button button-secondary" disabled={pending} onClick={() => exportAs('json')}>
            {making === 'json' ? 'Preparing JSON…' : 'Export JSON'}
          </button>
        </div>
        <StatusMessage message={notice?.text ?? null} tone={notice?.tone ?? 'success'} />
      </form>
    </div>
  );
}
