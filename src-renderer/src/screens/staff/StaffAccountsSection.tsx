import { useCallback, useState, type FormEvent } from 'react';
import { staffRoles, type StaffRole } from '../../../../shared/domain/roles';
import type { StaffAccount } from '../../../../shared/ipc/contract';
import { FormAlert, StatusMessage } from '../../components/FormAlert';
import { roleLabels } from '../../components/Frame';
import { NewAccountFields } from '../../components/NewAccountFields';
import { emptyNewAccount, newAccountFieldOrder, validateNewAccount, type NewAccountValues } from '../../new-account';
import { ScreenHeading } from '../../components/ScreenHeading';
import { SubmitButton } from '../../components/SubmitButton';
import { clientFeedback, firstInvalidFieldId, noFeedback, serverFeedback, type FormFeedback } from '../../forms';
import { useFocusRequest } from '../../hooks/useFocusRequest';
import { useLoad } from '../../hooks/useLoad';
import { usePending } from '../../hooks/usePending';
import { useKioskCall } from '../../kiosk-context';
import { SelectField } from '../../components/SelectField';

const roleDescriptions: Record<StaffRole, string> = {
  recruiter: 'Recruiter: reviews interviews',
  admin: 'Administrator: also manages staff accounts and device settings',
  viewer: 'Viewer: can look at interviews but not change them',
  proctor: 'Proctor: runs sittings at kiosks; sees no results',
};

const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' });

function formatDate(iso: string | null): string {
  if (!iso) return 'Never';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateFormat.format(date);
}

export function StaffAccountsSection({ currentUserId }: { currentUserId: string }) {
  const call = useKioskCall();
  const load = useCallback(() => call('staff.list', {}), [call]);
  const { state, reload } = useLoad(load);

  return (
    <>
      <ScreenHeading>Staff accounts</ScreenHeading>
      <section aria-labelledby="staff-list-title" className="panel">
        {/* Deactivated accounts are listed too (their status says so), so not "current". */}
        <h2 id="staff-list-title">All staff accounts</h2>
        {state.status === 'loading' ? (
          <p role="status">Loading staff accounts…</p>
        ) : state.status === 'error' ? (
          <div role="alert" className="alert alert-error">
            <p>Could not load staff accounts: {state.message}</p>
            <button type="button" className="button button-secondary" onClick={reload}>
              Try again
            </button>
          </div>
        ) : (
          <StaffTable accounts={state.data.accounts} currentUserId={currentUserId} onChanged={reload} />
        )}
      </section>
      <CreateStaffForm onCreated={reload} />
    </>
  );
}

function isLocked(account: StaffAccount): boolean {
  return account.lockedUntil !== null && Date.parse(account.lockedUntil) > Date.now();
}

function StaffTable({ accounts, currentUserId, onChanged }: { accounts: StaffAccount[]; currentUserId: string; onChanged: () => void }) {
  const call = useKioskCall();
  const { pending, run } = usePending();
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  if (accounts.length === 0) return <p>No staff accounts yet.</p>;

  const unlock = (account: StaffAccount) =>
    void run(async () => {
      setError(null);
      setDone(null);
      const result = await call('staff.unlockAccount', { accountKind: 'staff', id: account.id });
      if (!result.ok) {
        setError(`Could not unlock ${account.fullName}: ${result.error.message}`);
        return;
      }
      setDone(`Unlocked ${account.fullName}. They can sign in again now.`);
      onChanged();
    });

  return (
    <>
      <FormAlert id="staff-unlock-alert" message={error} />
      <StatusMessage message={done} />
      <div className="table-scroll">
        <table className="data-table">
          <caption className="visually-hidden">Staff accounts</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">Last sign-in</th>
            </tr>
          </thead>
          <tbody>
            {accounts.map((account) => (
              <tr key={account.id}>
                <th scope="row">
                  {account.fullName}
                  {account.id === currentUserId ? <span className="badge badge-muted">You</span> : null}
                </th>
                <td>{account.email}</td>
                <td>{roleLabels[account.role]}</td>
                <td>
                  {account.isActive ? 'Active' : 'Deactivated'}
                  {isLocked(account) ? (
                    <>
                      {' '}
                      <span className="badge badge-muted">Locked until {formatDate(account.lockedUntil)}</span>{' '}
                      <button
                        type="button"
                        className="button button-secondary"
                        disabled={pending}
                        aria-label={`Unlock ${account.fullName}`}
                        onClick={() => unlock(account)}
                      >
                        Unlock
                      </button>
                    </>
                  ) : null}
                </td>
                <td>{formatDate(account.lastLoginAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function CreateStaffForm({ onCreated }: { onCreated: () => void }) {
  const call = useKioskCall();
  const { pending, run } = usePending();
  const focus = useFocusRequest();
  const [values, setValues] = useState<NewAccountValues>(emptyNewAccount);
  const [role, setRole] = useState<StaffRole>('recruiter');
  const [feedback, setFeedback] = useState<FormFeedback>(noFeedback);
  const [created, setCreated] = useState<string | null>(null);
  const prefix = 'new-staff';
  const alertId = `${prefix}-alert`;
  const roleId = `${prefix}-role`;
  const order: [string, string][] = [...newAccountFieldOrder(prefix), ['role', roleId]];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setCreated(null);
    void run(async () => {
      const checked = validateNewAccount(values);
      if (!checked.ok) {
        setFeedback(clientFeedback(checked.fields));
        focus(firstInvalidFieldId(order, checked.fields) ?? alertId);
        return;
      }
      setFeedback(noFeedback);
      const result = await call('staff.create', { ...checked.data, role });
      if (!result.ok) {
        const next = serverFeedback(result.error);
        setFeedback(next);
        focus(firstInvalidFieldId(order, next.fields) ?? alertId);
        return;
      }
      setValues(emptyNewAccount);
      setRole('recruiter');
      setCreated(`Created a ${roleLabels[result.data.role].toLowerCase()} account for ${result.data.fullName} (${result.data.email}).`);
      onCreated();
    });
  };

  const roleError = feedback.fields.role;
  return (
    <section aria-labelledby="new-staff-title" className="panel">
      <h2 id="new-staff-title">Add a staff account</h2>
      <p>Give the new staff member their email and password in person. They can sign in with “Staff sign-in”; a proctor does so at the kiosk.</p>
      <StatusMessage message={created} />
      <form noValidate onSubmit={submit}>
        <FormAlert id={alertId} message={feedback.message} />
        <NewAccountFields prefix={prefix} values={values} onChange={setValues} errors={feedback.fields} forSomeoneElse />
        <SelectField
          id={roleId}
          label="Role"
          value={role}
          options={staffRoles.map((option) => [option, roleDescriptions[option]] as const)}
          onChange={setRole}
          error={roleError}
        />
        <div className="actions">
          <SubmitButton label="Create staff account" pendingLabel="Creating account…" pending={pending} />
        </div>
      </form>
    </section>
  );
}
