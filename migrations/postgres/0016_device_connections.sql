-- Connections as a real network needs them (issue 22, point 1; docs/sync.md
-- "Connections"). A device now keeps one connection open across runs, and
-- may reach the database through a transaction pooler, which refuses a
-- statement_timeout sent as a startup parameter. So each device login gets
-- what sync_admin.add_device (functions/90_admin.sql) now gives a new one:
-- at most 3 connections, and a 30 s statement timeout of its own.
--
-- This file moves sync.schema_version() to 16.

DO $$
DECLARE
  v_role text;
BEGIN
  FOR v_role IN
    SELECT d.role_name FROM sync.devices d JOIN pg_roles r ON r.rolname = d.role_name WHERE d.revoked_at IS NULL
  LOOP
    EXECUTE format('ALTER ROLE %I CONNECTION LIMIT 3', v_role);
    EXECUTE format('ALTER ROLE %I SET statement_timeout = %L', v_role, '30s');
  END LOOP;
END
$$;
