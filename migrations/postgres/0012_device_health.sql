-- Fleet health (issue 20, point 4; README "Fleet health (IT)"): each device
-- reports, with every sync, its app and schema versions, configuration key,
-- last interview, question-bank audio, disk space, pending queues, keychain
-- and a count of its unhandled errors (shared/domain/fleet.ts). One row per
-- device, replaced at each report, written only by
-- sync.report_device_health (functions/88_device_health.sql) for the
-- calling device itself; IT reads the fleet with hosted-db devices.
--
-- Server bookkeeping: never synced, never read by a device table grant.
-- This file moves sync.schema_version() to 12.

CREATE TABLE sync.device_health (
  device_id   uuid PRIMARY KEY REFERENCES sync.devices (id),
  reported_at timestamptz NOT NULL DEFAULT now(),
  report      jsonb NOT NULL,
  -- A report is a few hundred bytes; the bound keeps a faulty or hostile device from filling the database.
  CONSTRAINT device_health_report_object CHECK (jsonb_typeof(report) = 'object'),
  CONSTRAINT device_health_report_size CHECK (octet_length(report::text) <= 16384)
);
REVOKE ALL ON sync.device_health FROM PUBLIC;
