import { useState, type FormEvent } from 'react';
import { roleTypes, type RoleType } from '../../../../shared/domain/interview';
import type { BiasReportView } from '../../../../shared/ipc/compliance-channels';
import { FormAlert } from '../../components/FormAlert';
import { ScreenHeading } from '../../components/ScreenHeading';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { useFocusRequest } from '../../hooks/useFocusRequest';
import { usePending } from '../../hooks/usePending';
import { useKioskCall } from '../../kiosk-context';
import { roleLabels } from '../interview/labels';
import { saveBlob } from './review/blob';

type Group = BiasReportView['groups'][number];
type Dimension = Group['dimension'];

const dimensionTitles: Record<Dimension, string> = { sex: 'By sex', race_ethnicity: 'By race/ethnicity', intersection: 'By sex and race/ethnicity' };
const NO_ANSWER = 'The app did not answer. Try again in a moment.';

/** The first and last day of last calendar year: the period a yearly audit covers. */
function lastYear(today = new Date()): { from: string; to: string } {
  const year = today.getUTCFullYear() - 1;
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}

/**
 * The bias monitoring report (issue 18, point 6), for admins: selection and
 * scoring rates by group with impact ratios, the flags under 0.80, and the
 * files an independent auditor and the published summary need. It shows
 * counts only: no candidate and no answer appears here.
 */
export function BiasReportSection() {
  const call = useKioskCall();
  const { pending, run } = usePending();
  const focus = useFocusRequest();
  const [roleType, setRoleType] = useState<RoleType>(roleTypes[0]);
  const [period, setPeriod] = useState(lastYear);
  const [alert, setAlert] = useState<string | null>(null);
  const [report, setReport] = useState<BiasReportView | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAlert(null);
    void run(async () => {
      try {
        const result = await call('compliance.biasReport', { roleType, from: period.from, to: period.to });
        if (result.ok) {
          setReport(result.data);
          focus('bias-report-title');
          return;
        }
        setAlert(result.error.message);
      } catch {
        setAlert(NO_ANSWER);
      }
      focus('bias-alert');
    });
  };

  const fileStem = report ? `bias-report-${roleType}-${report.from}-to-${report.to}` : '';
  return (
    <div>
      <ScreenHeading>Bias report</ScreenHeading>
      <p className="lead">
        Selection and scoring rates by the candidates’ voluntary self-identification, with impact ratios, as New York City’s Local Law 144 asks. The
        independent audit itself is the employer’s to commission: give the auditor the CSV.
      </p>
      <form noValidate onSubmit={submit} className="panel" aria-labelledby="bias-form-title">
        <h2 id="bias-form-title">What to report on</h2>
        <FormAlert id="bias-alert" message={alert} />
        <SelectField id="bias-role" label="Role" value={roleType} options={roleTypes.map((type) => [type, roleLabels[type].label] as const)} onChange={setRoleType} />
        <TextField id="bias-from" label="First day" type="date" value={period.from} onChange={(from) => setPeriod((p) => ({ ...p, from }))} />
        <TextField id="bias-to" label="Last day" type="date" value={period.to} onChange={(to) => setPeriod((p) => ({ ...p, to }))} hint="Both days are included (UTC)." />
        <button type="submit" className="button button-primary" disabled={pending}>
          {pending ? 'Making the report…' : 'Make the report'}
        </button>
      </form>
      {report ? (
        <section aria-labelledby="bias-report-title" className="panel">
          <h2 id="bias-report-title" tabIndex={-1}>
            {report.roleTitle}, {report.from} to {report.to}
          </h2>
          <p>
            {report.candidates} candidates; median overall score {report.medianScore ?? 'none (nothing scored)'}. Impact ratios under 0.80 are flagged;
            groups under 2% of those who answered are marked small and not flagged.
          </p>
          <p role="status">
            {report.groups.some((group) => group.flagged)
              ? `Flagged: ${report.groups.filter((group) => group.flagged).map((group) => group.label).join('; ')}.`
              : 'No impact ratio under the flag.'}
          </p>
          <div className="actions">
            <button type="button" className="button button-secondary" onClick={() => saveBlob(new Blob([report.csv], { type: 'text/csv' }), `${fileStem}.csv`)}>
              Download CSV for the auditor
            </button>
            <button type="button" className="button button-secondary" onClick={() => saveBlob(new Blob([report.summary], { type: 'text/plain' }), `${fileStem}-summary.txt`)}>
              Download the summary to publish
            </button>
          </div>
          {(['sex', 'race_ethnicity', 'intersection'] as const).map((dimension) => (
            <GroupTable key={dimension} dimension={dimension} groups={report.groups.filter((group) => group.dimension === dimension)} notGiven={report.unknown[dimension]} />
          ))}
        </section>
      ) : null}
    </div>
  );
}

function GroupTable({ dimension, groups, notGiven }: { dimension: Dimension; groups: Group[]; notGiven: number }) {
  return (
    <div className="table-scroll">
      <table className="data-table">
        <caption>
          {dimensionTitles[dimension]} ({notGiven} not given)
        </caption>
        <thead>
          <tr>
            <th scope="col">Group</th>
            <th scope="col">Candidates</th>
            <th scope="col">Selection rate</th>
            <th scope="col">Impact ratio</th>
            <th scope="col">Scoring rate</th>
            <th scope="col">Impact ratio</th>
            <th scope="col">Flag</th>
          </tr>
        </thead>
        <tbody>
          {groups.map((group) => (
            <tr key={group.group}>
              <th scope="row">{group.label}</th>
              <td>{group.count}</td>
              <td>{percent(group.selectionRate)}</td>
              <td>{ratio(group.selectionImpactRatio)}</td>
              <td>{percent(group.scoringRate)}</td>
              <td>{ratio(group.scoringImpactRatio)}</td>
              <td>{group.flagged ? 'Under 0.80' : group.small ? 'Small group' : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function percent(value: number | null): string {
  return value === null ? '—' : `${(value * 100).toFixed(1)}%`;
}

function ratio(value: number | null): string {
  return value === null ? '—' : value.toFixed(2);
}
