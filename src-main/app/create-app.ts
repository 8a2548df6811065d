import { join } from 'node:path';
import { systemClock, type Clock } from '../common/clock';
import { openDatabase, type AppDatabase } from '../db/open-database';
import { createDispatcher, type Dispatch } from '../ipc/dispatcher';
import { EventHub } from '../ipc/event-hub';
import { createHandlers } from '../ipc/handlers';
import type { Logger } from '../logging/logger-types';
import { CandidateRepository } from '../repositories/candidate-repository';
import { RecruiterRepository } from '../repositories/recruiter-repository';
import type { SecretStore } from '../secrets/secret-store';
import { AuthService } from '../services/auth-service';
import { PasswordHasher } from '../services/password-hasher';
import { SessionStore } from '../services/session-store';
import { StaffService } from '../services/staff-service';
import type { SettingsService } from '../settings/settings-service';
import type { AppServices } from './app-services';

export interface AppOptions {
  /** Where the database and files live (Electron's userData, or a folder the browser host is given). */
  dataDir: string;
  migrationsDir: string;
  settings: SettingsService;
  secrets: SecretStore;
  logger: Logger;
  version: string;
  clock?: Clock;
  /** Only tests lower this, to keep unit runs fast; the product always uses 12. */
  bcryptCost?: number;
}

export interface App {
  services: AppServices;
  database: AppDatabase;
  sessions: SessionStore;
  events: EventHub;
  dispatch: Dispatch;
  close(): void;
}

const SESSION_SWEEP_MS = 60_000;

/**
 * The composition root: the one place that builds every service and wires
 * them together. The Electron shell and the browser host both call it, so
 * they run the same code over different transports.
 */
export function createApp(options: AppOptions): App {
  const clock = options.clock ?? systemClock;
  const logger = options.logger;
  const database = openDatabase({ file: join(options.dataDir, 'kiosk.sqlite'), migrationsDir: options.migrationsDir, logger });

  const hasher = new PasswordHasher(options.bcryptCost);
  const candidates = new CandidateRepository(database);
  const staffRepository = new RecruiterRepository(database);
  const events = new EventHub();
  const sessions = new SessionStore(clock, events);

  const services: AppServices = {
    version: options.version,
    clock,
    logger,
    settings: options.settings,
    secrets: options.secrets,
    auth: new AuthService({
      candidates,
      staff: staffRepository,
      hasher,
      clock,
      logger: logger.child({ component: 'auth' }),
      mode: () => options.settings.get().mode,
    }),
    staff: new StaffService({ staff: staffRepository, hasher, logger: logger.child({ component: 'staff' }) }),
  };

  const dispatch = createDispatcher({ handlers: createHandlers(services), sessions, logger: logger.child({ component: 'ipc' }) });
  const sweep = setInterval(() => sessions.sweep(), SESSION_SWEEP_MS);
  sweep.unref();

  return {
    services,
    database,
    sessions,
    events,
    dispatch,
    close() {
      clearInterval(sweep);
      database.close();
    },
  };
}
