/**
 * The newest migration in migrations/postgres/ (0020_claim_with_content.sql): what
 * `sync.schema_version()` answers on a database migrated by this checkout.
 * The device side passes its expected version to every sync function; a
 * test checks that this number matches the newest migration file. The
 * function files (migrations/postgres/functions/) do not move it: a
 * function change devices must know about comes with a numbered migration.
 */
export const HOSTED_SCHEMA_VERSION = 20;
