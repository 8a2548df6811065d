import type { DeviceKind } from './device-kinds';
import { withPgClient } from './pg-client';

/**
 * IT's side of one-code enrolment, through sync_admin.issue_enrolment
 * (migrations/postgres/functions/91_enrolment.sql). The URL is the owner's.
 */

export interface IssuedCode {
  /** 10 characters; shown once, the database keeps only its hash. */
  code: string;
  kind: DeviceKind;
  /** Null when the device names itself. */
  name: string | null;
  /** ISO time, on the database's clock. */
  expiresAt: string;
}

export async function issueEnrolmentCode(url: string, options: { kind: DeviceKind; name: string | null; expiresInMinutes: number }): Promise<IssuedCode> {
  return withPgClient(url, async (client) => {
    const result = await client.query<{ r: IssuedCode }>("SELECT sync_admin.issue_enrolment($1, $2, make_interval(mins => $3)) AS r", [
      options.kind,
      options.name,
      options.expiresInMinutes,
    ]);
    return result.rows[0]!.r;
  });
}
