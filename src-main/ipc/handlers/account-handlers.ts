import type { AppServices } from '../app-services';
import { sessionUser, type HandlerMap } from '../handler-types';

type AccountChannels = 'app.getStatus' | 'setup.createFirstAdmin' | 'auth.registerCandidate' | 'auth.signIn' | 'auth.getSession' | 'auth.stillHere' | 'auth.signOut';

export function accountHandlers(services: AppServices): Pick<HandlerMap, AccountChannels> {
  return {
    'app.getStatus': () => ({
      mode: services.settings.get().mode,
      needsSetup: services.staff.needsSetup(),
      version: services.version,
    }),
    'setup.createFirstAdmin': async (input, context) => context.startSession(await services.staff.createFirstAdmin(input)),
    'auth.registerCandidate': async (input, context) => context.startSession(await services.auth.registerCandidate(input)),
    'auth.signIn': async (input, context) =>
      context.startSession(await services.auth.signIn(input.accountKind, input.email, input.password)),
    'auth.getSession': (_input, context) => ({ user: context.user }),
    // The dispatcher has already counted the call as activity: the user it hands over has the moved-on deadline.
    'auth.stillHere': (_input, context) => ({ user: sessionUser(context) }),
    'auth.signOut': (_input, context) => {
      context.endSession();
      return { signedOut: true as const };
    },
  };
}
