import { withPgClient } from './pg-client';

/**
 * Enrols and revokes devices through the sync_admin functions of
 * migrations/postgres/0002_sync.sql. The URL is the owner's (IT's), never a
 * device's.
 */

import type { DeviceKind } from './device-kinds';

export { deviceKinds, type DeviceKind } from './device-kinds';

export interface CreatedDevice {
  deviceId: string;
  /** The device's own login role (kiosk_dev_<12 hex>). */
  roleName: string;
  /** Shown once; the device keeps it in its OS keychain. */
  password: string;
}


export async function createDevice(url: string, name: string, kind: DeviceKind): Promise<CreatedDevice> {
  return withPgClient(url, async (client) => {
    const result = await client.query<{ device: CreatedDevice }>('SELECT sync_admin.create_device($1, $2) AS device', [name, kind]);
    return result.rows[0]!.device;
  });
}

export async function revokeDevice(url: string, deviceId: string): Promise<void> {
  await withPgClient(url, (client) => client.query('SELECT sync_admin.revoke_device($1)', [deviceId]));
}

/** A mutation the server refused (sync.rejections), with the device that sent it. */
export interface Refusal {
  at: string;
  deviceId: string;
  deviceName: string;
  deviceKind: DeviceKind;
  seq: number;
  table: string | null;
  rowId: string | null;
  reason: string;
}

/** The newest refusals first, of one device or of all. */
export async function listRefusals(url: string, options: { deviceId?: string; limit: number }): Promise<Refusal[]> {
  return withPgClient(url, async (client) => {
    const result = await client.query<Refusal>(
      `SELECT to_char(r.at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS"Z"') AS at, d.id AS "deviceId", d.name AS "deviceName",
              d.kind AS "deviceKind", r.seq::int AS seq, r.table_name AS table, r.row_id AS "rowId", r.reason
         FROM sync.rejections r JOIN sync.devices d ON d.id = r.device_id
        WHERE $1::uuid IS NULL OR r.device_id = $1::uuid
        ORDER BY r.at DESC, r.id DESC
        LIMIT $2`,
      [options.deviceId ?? null, options.limit],
    );
    return result.rows;
  });
}

/**
 * The `sync.endpoint` setting for a device: the owner's URL with the
 * device's user name and without any password (the password goes to the
 * device's keychain, never into settings). Host, port, database and query
 * (sslmode=...) stay as IT gave them.
 */
export function deviceEndpoint(url: string, roleName: string): string {
  const endpoint = new URL(url);
  // Poolers that route by user name (Supabase's: postgres.<project-ref>) need the same suffix on the device's user.
  const routing = /^[^.]+(\..+)$/.exec(decodeURIComponent(endpoint.username))?.[1] ?? '';
  endpoint.username = encodeURIComponent(roleName + routing);
  endpoint.password = '';
  return endpoint.toString();
}
