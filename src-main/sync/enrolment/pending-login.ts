import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { SecretStore } from '../../secrets/secret-store';
import type { EnrolmentTarget } from './enrolment-address';
import type { DeviceLogin } from './pg-enrolment-redeemer';

/**
 * The login a device makes for itself before it redeems a code, kept in the
 * keychain as `sync-enrolment-pending` until the enrolment's outcome is
 * known. If the database's answer is lost, the device may be enrolled with
 * this login and nothing else knows its password: keeping it lets the next
 * try find out (by logging in with it) instead of stranding the device.
 */

const PENDING_SECRET = 'sync-enrolment-pending';

export interface PendingLogin extends DeviceLogin {
  /** Where the login was being enrolled: the enrolment URL, without a password. */
  enrolmentUrl: string;
}

const pendingSchema = z.strictObject({
  enrolmentUrl: z.string().min(1),
  roleName: z.string().regex(/^kiosk_dev_[0-9a-f]{12}$/),
  password: z.string().regex(/^[0-9a-f]{64}$/),
});

/** A new login: 48 random bits of name (as the server's own), 256 of password. */
export function newDeviceLogin(target: EnrolmentTarget): PendingLogin {
  return { enrolmentUrl: target.enrolmentUrl, roleName: `kiosk_dev_${randomBytes(6).toString('hex')}`, password: randomBytes(32).toString('hex') };
}

export async function keepPendingLogin(secrets: SecretStore, login: PendingLogin): Promise<void> {
  await secrets.set(PENDING_SECRET, JSON.stringify(login));
}

function parsePending(text: string): PendingLogin | null {
  try {
    const parsed = pendingSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The kept login, or null when none is kept; a value that is not one is dropped (it could enrol nothing). */
export async function readPendingLogin(secrets: SecretStore): Promise<PendingLogin | null> {
  const text = await secrets.get(PENDING_SECRET);
  if (text === null) return null;
  const login = parsePending(text);
  if (login === null) await secrets.delete(PENDING_SECRET);
  return login;
}

export async function dropPendingLogin(secrets: SecretStore): Promise<void> {
  await secrets.delete(PENDING_SECRET);
}
