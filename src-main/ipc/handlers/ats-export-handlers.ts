import type { AppServices } from '../app-services';
import type { HandlerMap } from '../handler-types';

/** The dispatcher admits only recruiters and admins (shared/ipc/ats-export-channels.ts). */
export function atsExportHandlers({ atsExport }: AppServices): Pick<HandlerMap, 'atsExport.make'> {
  return {
    'atsExport.make': (input) => atsExport.make(input),
  };
}
