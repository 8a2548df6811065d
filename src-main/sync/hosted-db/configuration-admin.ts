import { withPgClient } from './pg-client';

/**
 * IT's side of the proof of configuration, through the sync_admin functions
 * of migrations/postgres/functions/75_configuration_proof.sql. The URL is
 * the owner's, never a device's.
 */

export interface Approval {
  id: string;
  configurationKey: string;
  /** The key was approved before; nothing changed. */
  alreadyApproved: boolean;
}

/** By an interview that ran under the configuration, or by its key. */
export async function approveConfiguration(url: string, by: { interviewId: string } | { key: string }, note: string): Promise<Approval> {
  return withPgClient(url, async (client) => {
    const result = await client.query<{ r: Approval }>('SELECT sync_admin.approve_configuration($1, $2, $3) AS r', [
      'interviewId' in by ? by.interviewId : null,
      'key' in by ? by.key : null,
      note,
    ]);
    return result.rows[0]!.r;
  });
}

/** False when no live approval had that key. */
export async function withdrawConfiguration(url: string, key: string): Promise<boolean> {
  return withPgClient(url, async (client) => (await client.query<{ r: boolean }>('SELECT sync_admin.withdraw_configuration($1) AS r', [key])).rows[0]!.r);
}

export async function resetDeviceKey(url: string, deviceId: string): Promise<void> {
  await withPgClient(url, (client) => client.query('SELECT sync_admin.reset_device_key($1)', [deviceId]));
}
