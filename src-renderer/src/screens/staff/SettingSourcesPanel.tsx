import { readSetting } from '../../../../shared/domain/setting-kinds';
import { settingDeclarations, settingKeys } from '../../../../shared/domain/settings-policy';
import type { SettingSource, SettingsView } from '../../../../shared/ipc/contract';

/**
 * The policy view (issue 20, point 1): every device setting, its value in
 * force and where that value comes from, so an admin can tell at a glance
 * what IT enforces and what the device chose, like chrome://policy does for
 * the browser.
 */

/** Whether IT fixes a setting, and how: policy wins over the machine file. */
export function settingLock(view: SettingsView, key: string): Extract<SettingSource, 'policy' | 'machine-file'> | null {
  if (view.policy.settings[key] !== undefined) return 'policy';
  // IT's file may fix a single key (`provider.baseUrl`) or a whole section (`smtp`).
  if (view.managedKeys.includes(key) || view.managedKeys.includes(key.split('.')[0] ?? key)) return 'machine-file';
  return null;
}

export function PolicyBadge() {
  return <span className="badge badge-managed">Set by IT policy</span>;
}

function sourceWords(view: SettingsView, key: string): string {
  const source = view.sources[key] ?? 'default';
  switch (source) {
    case 'policy':
      return `IT policy ${view.policy.settings[key] ?? ''}`.trim();
    case 'machine-file':
      return 'IT settings file';
    case 'user':
      return 'Set on this device';
    case 'default':
      return 'Built-in default';
  }
}

function valueWords(value: unknown): string {
  if (value === true) return 'On';
  if (value === false) return 'Off';
  if (value === null || value === undefined) return 'None';
  if (value === '') return '(empty)';
  if (typeof value === 'object') {
    const text = JSON.stringify(value);
    return text.length > 120 ? `${text.slice(0, 119)}…` : text;
  }
  return String(value);
}

export function SettingSourcesPanel({ view }: { view: SettingsView }) {
  return (
    <section aria-labelledby="setting-sources-title" className="panel">
      <h2 id="setting-sources-title">Where each setting comes from</h2>
      <p>
        {view.policy.location ? (
          <>
            This device reads IT’s policy from <code>{view.policy.location}</code>.{' '}
          </>
        ) : (
          <>This device reads no IT policy. </>
        )}
        IT policy wins over the IT settings file, which wins over what is set on this device.
      </p>
      <div className="table-scroll">
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Setting</th>
              <th scope="col">Value</th>
              <th scope="col">Comes from</th>
            </tr>
          </thead>
          <tbody>
            {settingKeys.map((key) => (
              <tr key={key}>
                <th scope="row">
                  {settingDeclarations[key].title} <code>{key}</code>
                </th>
                <td>{valueWords(readSetting(view.settings, key))}</td>
                <td>{sourceWords(view, key)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
