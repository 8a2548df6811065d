import { secretNames, type SecretName } from '../../../shared/domain/settings';
import type { SettingsView } from '../../../shared/ipc/contract';
import type { AppServices } from '../app-services';
import { AppFailure } from '../../common/app-failure';
import { SecretStoreError } from '../../secrets/secret-store';
import { SettingsError } from '../../settings/errors';
import type { HandlerMap } from '../handler-types';

type SettingsChannels = 'settings.get' | 'settings.update' | 'secrets.getStatus' | 'secrets.set';

export function settingsHandlers(services: AppServices): Pick<HandlerMap, SettingsChannels> {
  return {
    'settings.get': () => withNetworkWarnings(services, services.settings.view()),
    'settings.update': (patch, context) => {
      try {
        const view = withNetworkWarnings(services, services.settings.update(patch));
        services.logger.info('settings changed', { by: context.user?.id, sections: Object.keys(patch) });
        return view;
      } catch (error) {
        if (error instanceof SettingsError) throw new AppFailure('conflict', error.message);
        throw error;
      }
    },
    'secrets.getStatus': async () => {
      const stored = {} as Record<SecretName, boolean>;
      let problem = services.secrets.problem ?? null;
      for (const name of secretNames) {
        try {
          stored[name] = (await services.secrets.get(name)) !== null;
        } catch (error) {
          // Shown with the forms, not instead of them: storing the secret again is often the fix.
          if (!(error instanceof SecretStoreError)) throw error;
          stored[name] = false;
          problem ??= error.message;
        }
      }
      return { backend: services.secrets.backend, stored, problem };
    },
    'secrets.set': async (input, context) => {
      await keychain(() => services.secrets.set(input.name, input.value));
      services.logger.info('secret stored', { by: context.user?.id, secret: input.name });
      return { stored: true as const };
    },
  };
}

/** Keychain trouble is the machine's, not a bug: say so and what to do. */
async function keychain<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof SecretStoreError) throw new AppFailure('unavailable', error.message);
    throw error;
  }
}

/** A CA bundle IT named that could not be used is shown beside the settings, where the path is set. */
function withNetworkWarnings(services: AppServices, view: SettingsView): SettingsView {
  const problems = services.network?.problems() ?? [];
  return problems.length > 0 ? { ...view, warnings: [...view.warnings, ...problems] } : view;
}
