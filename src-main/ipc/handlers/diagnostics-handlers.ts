import type { AppServices } from '../app-services';
import type { HandlerMap } from '../handler-types';

export function diagnosticsHandlers(services: AppServices): Pick<HandlerMap, 'diagnostics.bundle'> {
  return {
    'diagnostics.bundle': async () => {
      const bundle = await services.diagnostics.bundle();
      services.logger.info('diagnostics bundle made', { bytes: bundle.archive.byteLength });
      return { fileName: bundle.fileName, base64: bundle.archive.toString('base64') };
    },
  };
}
