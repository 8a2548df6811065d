import pg from 'pg';
import { z } from 'zod';
import type { NetworkAccess } from '../../providers/network/network';
import { explainConnectFailure, pgClientOptions } from '../pg-client-options';
import { ENROLMENT_PASSWORD, type EnrolmentTarget } from './enrolment-address';

/** What the hosted database gives the device that redeems a code: its login, for this caller only. */
export interface DeviceCredentials {
  deviceId: string;
  roleName: string;
  password: string;
  name: string;
  kind: 'kiosk' | 'laptop';
}

export type RedeemRefusal = { reason: 'invalid' | 'locked' } | { reason: 'used'; usedAt: string } | { reason: 'expired'; expiredAt: string };

/** sync.redeem_enrolment's reply (migrations/postgres/functions/91_enrolment.sql). */
const replySchema = z.union([
  z.object({
    ok: z.literal(true),
    deviceId: z.string().uuid(),
    roleName: z.string().regex(/^kiosk_dev_[0-9a-f]{12}$/),
    password: z.string().min(32),
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
  publicKey: string;
  /** Used when the code does not name the device. */
  deviceName: string;
  /**
   * Keeps the credentials (the keychain) before the database commits the
   * redemption: if keeping them fails, the code stays unused and no device
   * is made, so the admin can simply try again.
   */
  keep(credentials: DeviceCredentials): Promise<void>;
}

export type RedeemResult = { ok: true; credentials: DeviceCredentials } | { ok: false; refusal: RedeemRefusal };

/** Redeems codes; tests and the composition root may give another one. */
export interface EnrolmentRedeemer {
  redeem(request: RedeemRequest): Promise<RedeemResult>;
}

/**
 * Logs in as kiosk_enrolment and calls sync.redeem_enrolment inside one
 * transaction, committed only after `keep` has stored the credentials. A
 * refusal is committed too: the failed try it counted must stay counted.
 * Errors (no connection, login refused) are pg's, for the caller to word.
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
    const url = new URL(request.target.enrolmentUrl);
    url.password = encodeURIComponent(ENROLMENT_PASSWORD);
    const network = this.options.network ? await this.options.network() : undefined;
    const client = new pg.Client({
      connectionTimeoutMillis: this.options.connectTimeoutMs ?? 10_000,
      statement_timeout: 30_000,
      application_name: 'teamified-kiosk-enrolment',
      // After ours, as pg lets a connectionString's fields win over the options beside it.
      ...pgClientOptions(url.toString(), network),
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
      await client.query('BEGIN');
      try {
        const result = await client.query<{ r: unknown }>('SELECT sync.redeem_enrolment($1, $2, $3) AS r', [request.code, request.publicKey, request.deviceName]);
        const reply = replySchema.parse(result.rows[0]?.r);
        if (!reply.ok) {
          await client.query('COMMIT');
          const { ok: _ok, ...refusal } = reply;
          return { ok: false, refusal };
        }
        const { ok: _ok, ...credentials } = reply;
        await request.keep(credentials);
        await client.query('COMMIT');
        return { ok: true, credentials };
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      }
    } finally {
      await client.end().catch(() => {});
    }
  }
}
