import { hostname } from 'node:os';
import type { Logger } from '../../logging/logger-types';
import { NetworkError } from '../../providers/network/network-errors';
import type { NetworkAccess } from '../../providers/network/network';
import type { SecretStore } from '../../secrets/secret-store';
import type { SettingsService } from '../../settings/settings-service';
import { deviceEndpointFor, EnrolmentInputError, parseEnrolmentInput } from './enrolment-address';
import { PgEnrolmentRedeemer, type DeviceCredentials, type EnrolmentRedeemer, type RedeemRefusal } from './pg-enrolment-redeemer';

const CREDENTIAL_SECRET = 'sync-device-credential';
const ENDPOINT_KEY = 'sync.endpoint';

export interface EnrolRequest {
  /** The hosted database's address IT printed (may be empty when `code` is a scanned enrolment line). */
  host: string;
  /** The code, or the whole line a QR code scanner typed. */
  code: string;
  /** The device's name when the code does not give one; the computer's name otherwise. */
  name?: string;
}

/** What the admin (or the install script) is told; never the password. */
export interface EnrolResult {
  deviceId: string;
  name: string;
  kind: 'kiosk' | 'laptop';
  /** The sync.endpoint now set: the device's own user at the database, without a password. */
  endpoint: string;
}

export type EnrolmentFailure = 'input' | 'refused' | 'not_open' | 'unreachable' | 'keychain' | 'managed' | 'settings' | 'server';

/** Says what happened and what to do; `field` is the form field at fault. */
export class EnrolmentError extends Error {
  override name = 'EnrolmentError';
  constructor(
    readonly kind: EnrolmentFailure,
    message: string,
    readonly field?: 'host' | 'code' | 'name',
  ) {
    super(message);
  }
}

export interface DeviceEnrolmentDeps {
  settings: SettingsService;
  secrets: SecretStore;
  /** This device's Ed25519 key (src-main/configuration/signing-key.ts): its public half is registered with the code. */
  signingKey: { get(): Promise<{ publicKey: string }> };
  logger: Logger;
  redeemer?: EnrolmentRedeemer;
  /** The proxy and CA bundle in force (src-main/providers/network), the same sync uses; without it, direct. */
  network?: () => Promise<NetworkAccess>;
  /** The name when neither the code nor the admin gives one. */
  computerName?: () => string;
}

/** Words for each refusal the hosted database gives (sync.redeem_enrolment). */
export function refusalMessage(refusal: RedeemRefusal): string {
  switch (refusal.reason) {
    case 'invalid':
      return 'That enrolment code is not valid. Check it, or ask IT for a new one.';
    case 'locked':
      return 'That enrolment code was tried wrongly 5 times and is now locked. Ask IT for a new one.';
    case 'used':
      return `That enrolment code was already used (${refusal.usedAt}); each code enrols one device. Ask IT for a new one.`;
    case 'expired':
      return `That enrolment code expired at ${refusal.expiredAt}. Ask IT for a new one.`;
  }
}

const LOGIN_REFUSED = new Set(['28P01', '28000']);
const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', '57P03', '08001', '08006']);

/**
 * One-code enrolment on the device (README "Enrolling a device with a code
 * (IT)"): the admin gives the address and the code; the device registers
 * its signing key's public half, receives its own login, keeps the
 * password in the keychain and sets sync.endpoint (which has no password).
 * Nothing of the password reaches a log, the settings or the caller.
 */
export class DeviceEnrolment {
  private readonly redeemer: EnrolmentRedeemer;

  constructor(private readonly deps: DeviceEnrolmentDeps) {
    this.redeemer = deps.redeemer ?? new PgEnrolmentRedeemer(deps.network ? { network: deps.network } : {});
  }

  async enrol(request: EnrolRequest): Promise<EnrolResult> {
    const { settings, secrets, logger } = this.deps;
    let parsed: ReturnType<typeof parseEnrolmentInput>;
    try {
      parsed = parseEnrolmentInput(request.host, request.code);
    } catch (error) {
      if (error instanceof EnrolmentInputError) throw new EnrolmentError('input', error.message, error.field);
      throw error;
    }
    const deviceName = (request.name?.trim() || (this.deps.computerName ?? hostname)().trim() || 'Unnamed device').slice(0, 200);
    const view = settings.view();
    if (view.managedKeys.includes(ENDPOINT_KEY)) {
      throw new EnrolmentError(
        'managed',
        `This device's sync endpoint is set by IT in ${view.machineFilePath ?? 'the machine settings'}, so it cannot be enrolled here. Remove sync.endpoint there and enrol again, or give the device its password the old way.`,
      );
    }
    if (secrets.problem) throw new EnrolmentError('keychain', `This device cannot keep its sync password: ${secrets.problem}`);
    const { publicKey } = await this.deps.signingKey.get().catch((error: unknown) => {
      throw new EnrolmentError('keychain', `This device's signing key could not be read or made in the keychain (${errorText(error)}). Fix the keychain, then enrol again.`);
    });

    const previous = await secrets.get(CREDENTIAL_SECRET).catch(() => null);
    let kept = false;
    const keep = async (credentials: DeviceCredentials) => {
      try {
        await secrets.set(CREDENTIAL_SECRET, credentials.password);
      } catch (error) {
        throw new EnrolmentError('keychain', `The device's password could not be stored in the keychain (${errorText(error)}). The code was not used: fix the keychain and enrol again with it.`);
      }
      kept = true;
    };

    let credentials: DeviceCredentials;
    try {
      const result = await this.redeemer.redeem({ target: parsed.target, code: parsed.code, publicKey, deviceName, keep });
      if (!result.ok) {
        logger.warn('enrolment code refused', { reason: result.refusal.reason, host: parsed.target.hostLabel });
        throw new EnrolmentError('refused', refusalMessage(result.refusal), 'code');
      }
      credentials = result.credentials;
    } catch (error) {
      // The database did not commit: the password kept is for no device, so the one before comes back.
      if (kept) await restore(secrets, previous).catch(() => {});
      if (error instanceof EnrolmentError) throw error;
      throw this.connectionFailure(error, parsed.target.hostLabel);
    }

    const endpoint = deviceEndpointFor(parsed.target, credentials.roleName);
    try {
      settings.update({ sync: { endpoint } });
    } catch (error) {
      throw new EnrolmentError(
        'settings',
        `This device was enrolled as “${credentials.name}” and its password is in the keychain, but the settings could not be saved (${errorText(error)}). Set the sync endpoint to ${endpoint} in Device settings.`,
      );
    }
    logger.info('device enrolled with a code', { deviceId: credentials.deviceId, name: credentials.name, kind: credentials.kind, host: parsed.target.hostLabel });
    return { deviceId: credentials.deviceId, name: credentials.name, kind: credentials.kind, endpoint };
  }

  private connectionFailure(error: unknown, host: string): EnrolmentError {
    const code = String((error as { code?: unknown })?.code ?? '');
    const message = errorText(error);
    this.deps.logger.warn('enrolment failed', { host, code, error: message });
    // The proxy or a TLS-inspecting firewall stopped it: its own words say what IT must set.
    if (error instanceof NetworkError) return new EnrolmentError('unreachable', `Cannot reach the hosted database at ${host}: ${message} The code is still unused.`, 'host');
    if (LOGIN_REFUSED.has(code)) {
      return new EnrolmentError(
        'not_open',
        `The hosted database at ${host} is not taking enrolments now: no code is open there. The code may have expired, or be for another database; check the address, or ask IT for a new code.`,
        'host',
      );
    }
    if (UNREACHABLE.has(code) || /timeout|ECONN|ENOTFOUND|connect/i.test(message)) {
      return new EnrolmentError('unreachable', `Cannot reach the hosted database at ${host} (${message}). Check the address and the network, then try again: the code is still unused.`, 'host');
    }
    if (code === '42883' || code === '3F000') {
      return new EnrolmentError('server', `The hosted database at ${host} cannot enrol with codes yet: IT must update it (npm run cli -- hosted-db migrate).`);
    }
    return new EnrolmentError('server', `The hosted database at ${host} could not enrol this device (${message}). Try again, or ask IT.`);
  }
}

async function restore(secrets: SecretStore, previous: string | null): Promise<void> {
  if (previous === null) await secrets.delete(CREDENTIAL_SECRET);
  else await secrets.set(CREDENTIAL_SECRET, previous);
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
