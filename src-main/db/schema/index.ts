/**
 * Every table of the local store. drizzle-kit reads this file to generate
 * migrations and `openDatabase` passes it to drizzle, so it exports tables
 * (and, later, relations) only; enums and column helpers live beside it.
 */
export { candidates } from './candidates';
export { recruiters } from './recruiters';
export { resumes } from './resumes';
export { resumeFeedback } from './resume-feedback';
export { interviews } from './interviews';
export { interviewSessions } from './interview-sessions';
export { interviewMessages } from './interview-messages';
export { assessmentResults } from './assessment-results';
export { interviewDecisions } from './interview-decisions';
export { integrationWebhooks } from './integration-webhooks';
export { webhookAttempts, webhookDeliveries, webhookEvents } from './webhook-deliveries';
export { integrityEvents } from './integrity-events';
export { aiUsage } from './ai-usage';
export { jobs } from './jobs';
export { storedFiles } from './stored-files';
export { syncOutbox } from './sync-outbox';
export { syncParked } from './sync-parked';
export { syncState } from './sync-state';
export { proctorSittings } from './proctor-sittings';
export { interviewConfigurations } from './interview-configurations';
export { configurationAttestations } from './configuration-attestations';
export { approvedConfigurations } from './approved-configurations';
export { consentRecords } from './consent-records';
export { erasureRequests } from './erasure-requests';
export { erasureConfirmations } from './erasure-confirmations';
export { erasedRows, erasureProgress } from './erased-rows';
export { reviewSectionViews } from './review-section-views';
export { selfIdentifications } from './self-identifications';
export { auditEntries } from './audit-entries';
export { answerSegments } from './answer-segments';
