import type { AppSettings } from '../../shared/domain/settings';
import type { AppTransaction } from '../db/open-database';
import type { ConfigurationRepository } from '../repositories/configuration-repository';
import type { InterviewRepository } from '../repositories/interview-repository';
import { configurationKey, configurationSummary, type LockdownState } from './configuration-key';

export interface ConfigurationAtStartDeps {
  configurations: Pick<ConfigurationRepository, 'record'>;
  settings: () => AppSettings;
  appVersion: string;
  /** What the shell last reported; null where there is no shell (the browser host). */
  lockdown: () => LockdownState | null;
  transact: <T>(work: (tx: AppTransaction) => T) => T;
}

/**
 * The interview repository, with each new interview's configuration recorded
 * in the transaction that creates it: no interview exists without the
 * configuration it started under, and the interview feature needs no port
 * of its own for it. The settings are read at that moment, so a change IT
 * makes later never rewrites what a sitting ran under.
 */
export function recordingConfigurationAtStart(interviews: InterviewRepository, deps: ConfigurationAtStartDeps): InterviewRepository {
  const recording = Object.create(interviews) as InterviewRepository;
  recording.create = (input) =>
    deps.transact((tx) => {
      const created = interviews.create(input);
      const configuration = configurationSummary({ settings: deps.settings(), appVersion: deps.appVersion, lockdown: deps.lockdown() });
      deps.configurations.record({ interviewId: created.interview.id, configurationKey: configurationKey(configuration), configuration }, tx);
      return created;
    });
  return recording;
}
