import type { AppServices } from '../app-services';
import type { HandlerMap } from '../handler-types';
import { accountHandlers } from './account-handlers';
import { aiServiceHandlers } from './ai-service-handlers';
import { atsExportHandlers } from './ats-export-handlers';
import { auditHandlers } from './audit-handlers';
import { complianceHandlers } from './compliance-handlers';
import { consentHandlers } from './consent-handlers';
import { diagnosticsHandlers } from './diagnostics-handlers';
import { erasureHandlers } from './erasure-handlers';
import { errorHandlers } from './error-handlers';
import { explanationHandlers } from './explanation-handlers';
import { fleetHandlers } from './fleet-handlers';
import { interviewHandlers } from './interview-handlers';
import { proctorHandlers } from './proctor-handlers';
import { resumeHandlers } from './resume-handlers';
import { reviewHandlers } from './review-handlers';
import { selfCheckHandlers } from './self-check-handlers';
import { settingsHandlers } from './settings-handlers';
import { staffHandlers } from './staff-handlers';
import { syncHandlers } from './sync-handlers';
import { webhookHandlers } from './webhook-handlers';

/** Every channel's handler; `HandlerMap` makes a missing one a type error. */
export function createHandlers(services: AppServices): HandlerMap {
  return {
    ...accountHandlers(services),
    ...staffHandlers(services),
    ...settingsHandlers(services),
    ...interviewHandlers(services),
    ...consentHandlers(services),
    ...erasureHandlers(services),
    ...complianceHandlers(services),
    ...proctorHandlers(services),
    ...resumeHandlers(services),
    ...reviewHandlers(services),
    ...auditHandlers(services),
    ...explanationHandlers(services),
    ...syncHandlers(services),
    ...fleetHandlers(services),
    ...webhookHandlers(services),
    ...atsExportHandlers(services),
    ...selfCheckHandlers(services),
    ...diagnosticsHandlers(services),
    ...aiServiceHandlers(services),
    ...errorHandlers(services),
  };
}
