import type { AppServices } from '../app-services';
import { sessionUser, type HandlerMap } from '../handler-types';

export function staffHandlers(services: AppServices): Pick<HandlerMap, 'staff.list' | 'staff.create' | 'staff.unlockAccount'> {
  return {
    'staff.list': () => ({ accounts: services.staff.list() }),
    'staff.create': (input) => services.staff.create(input),
    'staff.unlockAccount': (input, context) => services.auth.unlockAccount(input.accountKind, input.id, sessionUser(context)),
  };
}
