import { hostname } from 'node:os';
import type { Logger } from '../../logging/logger-types';
import type { NetworkAccess } from '../../providers/network/network';
import type { SecretStore } from '../../secrets/secret-store';
import type { SettingsService } from '../../settings/settings-service';
import { connectionFailure, EnrolmentError, errorText, refusalMessage } from './enrolment-errors';
import { deviceEndpointFor, EnrolmentInputError, enrolmentTarget, parseEnrolmentInput, type EnrolmentTarget } from './enrolment-address';
import { dropPendingLogin, keepPendingLogin, newDeviceLogin, readPendingLogin, type PendingLogin } from './pending-login';
import { PgEnrolmentRedeemer, UnclearOutcomeError, type EnrolledDevice, type EnrolmentRedeemer } from './pg-enrolment-redeemer';
import { scramSha256Verifier } from './scram-verifier';

export { EnrolmentError, type EnrolmentFailure } from './enrolment-errors';

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

/**
 * One-code enrolment on the device (README "Enrolling a device with a code
 * (IT)"): the admin gives the address and the code; the device makes its
 * own login (name and password), keeps it in the keychain as pending,
 * sends the database only the password's SCRAM verifier with the code and
 * its signing key's public half, and once enrolled moves the password to
 * sync-device-credential and sets sync.endpoint (which has no password).
 * The device's credential in use is replaced only then, so a failed
 * enrolment leaves a device that synced syncing. Nothing of the password
 * reaches a log, the settings, the network or the caller.
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

    const earlier = await this.settleEarlierTry(parsed.target);
    if (earlier) return earlier;

    const login = newDeviceLogin(parsed.target);
    await keepPendingLogin(secrets, login).catch((error: unknown) => {
      throw new EnrolmentError('keychain', `The device's new password could not be stored in the keychain (${errorText(error)}). The code was not used: fix the keychain and enrol again with it.`);
    });
    let result: Awaited<ReturnType<EnrolmentRedeemer['redeem']>>;
    try {
      result = await this.redeemer.redeem({
        target: parsed.target,
        code: parsed.code,
        roleName: login.roleName,
        passwordVerifier: scramSha256Verifier(login.password),
        publicKey,
        deviceName,
      });
    } catch (error) {
      if (error instanceof UnclearOutcomeError) return this.afterUnclearOutcome(login, error);
      await dropPendingLogin(secrets).catch(() => {});
      throw connectionFailure(this.deps.logger, error, parsed.target.hostLabel);
    }
    if (!result.ok) {
      await dropPendingLogin(secrets).catch(() => {});
      logger.warn('enrolment code refused', { reason: result.refusal.reason, host: parsed.target.hostLabel });
      throw new EnrolmentError('refused', refusalMessage(result.refusal), 'code');
    }
    return this.complete(login, result.device);
  }

  /**
   * A login kept from an earlier try whose outcome was never learnt: if the
   * database knows it, that try enrolled the device, which finishes with it
   * (the new code is not needed, and stays unused). If the database refuses
   * it, that try enrolled nothing and it goes. When its database cannot be
   * reached: the same database, and nothing can be done now; another one
   * (the admin enrols elsewhere), and it goes.
   */
  private async settleEarlierTry(target: EnrolmentTarget): Promise<EnrolResult | null> {
    const { secrets, logger } = this.deps;
    const pending = await readPendingLogin(secrets).catch((error: unknown) => {
      throw new EnrolmentError('keychain', `This device's keychain could not be read (${errorText(error)}). Fix the keychain, then enrol again: the code was not used.`);
    });
    if (!pending) return null;
    const earlierTarget = enrolmentTarget(pending.enrolmentUrl);
    let device: EnrolledDevice | null;
    try {
      device = await this.redeemer.findEnrolled(earlierTarget, pending);
    } catch (error) {
      if (pending.enrolmentUrl === target.enrolmentUrl) throw connectionFailure(this.deps.logger, error, target.hostLabel);
      logger.warn('earlier enrolment left unsettled: its database cannot be reached', { host: earlierTarget.hostLabel, error: errorText(error) });
      device = null;
    }
    if (device) {
      logger.info('an earlier enrolment had enrolled this device', { deviceId: device.deviceId, host: earlierTarget.hostLabel });
      return this.complete(pending, device);
    }
    await dropPendingLogin(secrets);
    return null;
  }

  /** The answer was lost: logging in with the new login tells whether the database enrolled it. */
  private async afterUnclearOutcome(login: PendingLogin, lost: UnclearOutcomeError): Promise<EnrolResult> {
    const target = enrolmentTarget(login.enrolmentUrl);
    let device: EnrolledDevice | null = null;
    let check = 'the login was refused';
    try {
      device = await this.redeemer.findEnrolled(target, login);
    } catch (error) {
      check = errorText(error);
    }
    if (device) return this.complete(login, device);
    // The login stays kept: the database may yet commit what it was doing, and the next try checks again first.
    this.deps.logger.warn('enrolment outcome unknown', { host: target.hostLabel, error: lost.message, check });
    throw new EnrolmentError(
      'unclear',
      `The connection to the hosted database at ${target.hostLabel} was lost while it was answering (${lost.message}), and this device could not confirm it was enrolled. Enrol again with the same code once the network works: the device first checks whether the last try enrolled it.`,
      'host',
    );
  }

  /** Enrolled: the kept password becomes the device's credential, and the endpoint is set. */
  private async complete(login: PendingLogin, device: EnrolledDevice): Promise<EnrolResult> {
    const { settings, secrets, logger } = this.deps;
    const target = enrolmentTarget(login.enrolmentUrl);
    try {
      await secrets.set(CREDENTIAL_SECRET, login.password);
    } catch (error) {
      throw new EnrolmentError(
        'keychain',
        `This device was enrolled as “${device.name}”, but its password could not be put in place in the keychain (${errorText(error)}). Fix the keychain and enrol again (the same code will do): the device finishes with the login it already has.`,
      );
    }
    await dropPendingLogin(secrets).catch(() => {});
    const endpoint = deviceEndpointFor(target, device.roleName);
    try {
      settings.update({ sync: { endpoint } });
    } catch (error) {
      throw new EnrolmentError(
        'settings',
        `This device was enrolled as “${device.name}” and its password is in the keychain, but the settings could not be saved (${errorText(error)}). Set the sync endpoint to ${endpoint} in Device settings.`,
      );
    }
    logger.info('device enrolled with a code', { deviceId: device.deviceId, name: device.name, kind: device.kind, host: target.hostLabel });
    return { deviceId: device.deviceId, name: device.name, kind: device.kind, endpoint };
  }
}
