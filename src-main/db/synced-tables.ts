import {
  aiUsage,
  approvedConfigurations,
  assessmentResults,
  auditEntries,
  candidates,
  configurationAttestations,
  consentRecords,
  erasureConfirmations,
  erasureRequests,
  integrationWebhooks,
  integrityEvents,
  interviewConfigurations,
  interviewMessages,
  interviewDecisions,
  interviewSessions,
  interviews,
  proctorSittings,
  recruiters,
  resumeFeedback,
  resumes,
  selfIdentifications,
  webhookAttempts,
  webhookDeliveries,
  webhookEvents,
} from './schema/index';

/**
 * Tables whose rows travel to the hosted Postgres: each has the sync columns
 * (uuid v7 id, created_at, updated_at, row_version, deleted_at) and is written
 * only through outbox.ts. jobs, stored_files, sync_outbox, sync_state,
 * sync_parked, review_section_views, erased_rows, erasure_progress and
 * answer_segments are this device's own bookkeeping and never sync. configuration_attestations and approved_configurations are
 * written by the hosted database alone (sync.push refuses them from
 * devices): a device only receives them.
 */
export const syncedTables = {
  candidates,
  recruiters,
  resumes,
  resume_feedback: resumeFeedback,
  interviews,
  interview_sessions: interviewSessions,
  interview_messages: interviewMessages,
  assessment_results: assessmentResults,
  interview_decisions: interviewDecisions,
  integration_webhooks: integrationWebhooks,
  integrity_events: integrityEvents,
  ai_usage: aiUsage,
  proctor_sittings: proctorSittings,
  interview_configurations: interviewConfigurations,
  configuration_attestations: configurationAttestations,
  approved_configurations: approvedConfigurations,
  consent_records: consentRecords,
  erasure_requests: erasureRequests,
  erasure_confirmations: erasureConfirmations,
  self_identifications: selfIdentifications,
  audit_entries: auditEntries,
  webhook_events: webhookEvents,
  webhook_deliveries: webhookDeliveries,
  webhook_attempts: webhookAttempts,
} as const;

export type SyncedTableName = keyof typeof syncedTables;
export type SyncedTable = (typeof syncedTables)[SyncedTableName];
