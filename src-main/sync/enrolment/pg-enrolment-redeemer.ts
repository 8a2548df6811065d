import pg from 'pg';
import { z } from 'zod';
import type { NetworkAccess } from '../../providers/network/network';
import { explainConnectFailure, pgClientOptions } from '../pg-client-options';
import { helloReplySchema, SYNC_SCHEMA_VERSION } from '../protocol';
import { deviceEndpointFor, ENROLMENT_PASSWORD, type EnrolmentTarget } from './enrolment-address';
import { verifiedTlsProblem } from '../pg-tls-policy';
import { EnrolmentTlsError } from './enrolment-tls';

/** The device as the hosted database enrolled it; its password is the one the device made, never sent. */
export interface EnrolledDevice {
  deviceId: string;
  roleName: string;
  name: string;
  kind: 'kiosk' | 'laptop';
}

/** The login the device made for itself before redeeming a code. */
export interface DeviceLogin {
  roleName: string;
  password: string;
}

export type RedeemRefusal = { reason: 'invalid' | 'locked' } | { reason: 'used'; usedAt: string } | { reason: 'expired'; expiredAt: string };

/** sync.enrol_with_code's reply (migrations/postgres/functions/91_enrolment.sql). */
const replySchema = z.union([
  z.object({
    ok: z.literal(true),
    deviceId: z.string().uuid(),
    roleName: z.string().regex(/^kiosk_dev_[0-9a-f]{12}$/),
    name: z.string(),
    kind: z.enum(['kiosk', 'laptop']),
  }),
  z.object({ ok: z.literal(false), reason: z.enum(['invalid', 'locked']) }),
  z.object({ ok: z.literal(false), reason: z.literal('used'), usedAt: z.string() }),
  z.object({ ok: z.literal(false), reason: z.literal('expired'), expiredAt: z.string() }),
]);

export interface RedeemRequest {
  target: EnrolmentTarget;
  code: string;
  /** The device's login name (kiosk_dev_ and 12 hex digits), made by the device. */
  roleName: string;
  /** The SCRAM-SHA-256 verifier of the device's password (./scram-verifier.ts). */
  passwordVerifier: string;
  publicKey: string;
  /** Used when the code does not name the device. */
  deviceName: string;
}

export type RedeemResult = { ok: true; device: EnrolledDevice } | { ok: false; refusal: RedeemRefusal };

/**
 * The request reached the database, but its answer did not come back (the
 * connection dropped, or the reply made no sense): the device may or may
 * not be enrolled. Only logging in with the device's login can tell.
 */
export class UnclearOutcomeError extends Error {
  override name = 'UnclearOutcomeError';
}

/** Redeems codes; tests and the composition root may give another one. */
export interface EnrolmentRedeemer {
  redeem(request: RedeemRequest): Promise<RedeemResult>;
  /**
   * The device `login` enrolled at `target`, found by logging in with it;
   * null when the database refuses that login (no such device). Throws
   * when it cannot tell (unreachable, or anything else).
   */
  findEnrolled(target: EnrolmentTarget, login: DeviceLogin): Promise<EnrolledDevice | null>;
}

/** A server's refusal carries an SQLSTATE; a dropped connection or a client-side failure does not. */
const isServerError = (error: unknown) => /^[0-9A-Z]{5}$/.test(String((error as { code?: unknown })?.code ?? ''));

/**
 * Logs in as kiosk_enrolment and CALLs sync.enrol_with_code, which commits
 * the try before it judges it: a refusal is counted whatever this side
 * does. Errors before the call (no connection, login refused) are pg's,
 * for the caller to word; a call whose outcome is unknown is an
 * UnclearOutcomeError.
 */
export class PgEnrolmentRedeemer implements EnrolmentRedeemer {
  constructor(
    private readonly options: {
      connectTimeoutMs?: number;
      /** The proxy and CA bundle in force, as sync uses them (src-main/providers/network); without it, direct with Node's own CAs. */
      network?: () => Promise<NetworkAccess>;
    } = {},
  ) {}

  async redeem(request: RedeemRequest): Promise<RedeemResult> {
    return this.withClient(request.target.enrolmentUrl, ENROLMENT_PASSWORD, async (client) => {
      let reply: z.infer<typeof replySchema>;
      try {
        const result = await client.query<{ reply: unknown }>('CALL sync.enrol_with_code($1, $2, $3, $4, $5, NULL)', [
          request.code,
          request.roleName,
          request.passwordVerifier,
          request.publicKey,
          request.deviceName,
        ]);
        reply = replySchema.parse(result.rows[0]?.reply);
      } catch (error) {
        // The server said no: it rolled back what was not committed, and the device is not enrolled.
        if (isServerError(error)) throw error;
        throw new UnclearOutcomeError(error instanceof z.ZodError ? 'its reply was not understood' : error instanceof Error ? error.message : String(error), { cause: error });
      }
      if (!reply.ok) {
        const { ok: _ok, ...refusal } = reply;
        return { ok: false, refusal };
      }
      const { ok: _ok, ...device } = reply;
      return { ok: true, device };
    });
  }

  async findEnrolled(target: EnrolmentTarget, login: DeviceLogin): Promise<EnrolledDevice | null> {
    try {
      return await this.withClient(deviceEndpointFor(target, login.roleName), login.password, async (client) => {
        const result = await client.query<{ hello: unknown }>('SELECT sync.hello($1) AS hello', [SYNC_SCHEMA_VERSION]);
        const hello = helloReplySchema.parse(result.rows[0]?.hello);
        return { deviceId: hello.deviceId, roleName: login.roleName, name: hello.name, kind: hello.kind };
      });
    } catch (error) {
      const code = (error as { code?: unknown })?.code;
      // Postgres answers 28P01 for a wrong password and for a user that does not exist alike; KS001: a device revoked since.
      if (code === '28P01' || code === 'KS001') return null;
      throw error;
    }
  }

  private async withClient<T>(url: string, password: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
    const withPassword = new URL(url);
    withPassword.password = encodeURIComponent(password);
    const network = this.options.network ? await this.options.network() : undefined;
    const options = pgClientOptions(withPassword.toString(), network);
    // parseEnrolmentInput already insists on TLS (./enrolment-tls.ts); this keeps any other way here from sending a login in the clear.
    const problem = verifiedTlsProblem(options);
    if (problem) {
      throw new EnrolmentTlsError(`Enrolment needs an encrypted connection with the server's certificate checked to ${String(options.host)}, and ${problem}: give the address with sslmode=verify-full.`);
    }
    const client = new pg.Client({
      connectionTimeoutMillis: this.options.connectTimeoutMs ?? 10_000,
      // Client side only: a statement_timeout startup parameter is refused by a transaction pooler (PgBouncer:
      // "unsupported startup parameter"), and the server's limit is the role's setting (15 s for kiosk_enrolment,
      // 30 s for a device login: migrations 0015, 0016), which a startup parameter would override.
      query_timeout: 45_000,
      application_name: 'teamified-kiosk-enrolment',
      // After ours, as pg lets a connectionString's fields win over the options beside it.
      ...options,
    });
    // A dropped socket emits 'error' on the client; without a listener Node would crash the app.
    client.on('error', () => {});
    try {
      await client.connect();
    } catch (error) {
      await client.end().catch(() => {});
      throw await explainConnectFailure(error, client, network);
    }
    try {
      return await use(client);
    } finally {
      await client.end().catch(() => {});
    }
  }
}
