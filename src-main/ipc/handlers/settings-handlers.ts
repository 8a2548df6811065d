import { secretNames, type SecretName } from '../../../shared/domain/settings';
import type { AppServices } from '../app-services';
import { AppFailure } from '../../common/app-failure';
import { SecretStoreError } from '../../secrets/secret-store';
import { SettingsError } from '../../settings/errors';
import type { HandlerMap } from '../handler-types';

type SettingsChannels = 'settings.get' | 'settings.update' | 'secrets.getStatus' | 'secrets.set';

export function settingsHandlers(services: AppServices): Pick<HandlerMap, SettingsChannels> {
  return {
    'settings.get': (_input, context) => {
      // Asking also subscribes the window to `settings.changed`, as `sync.status` does.
      services.settingsView.watch(context.caller.windowId);
      return services.settingsView.current();
    },
    'settings.update': (patch, context) => {
      try {
        services.settings.update(patch);
        const view = services.settingsView.current();
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
