import pg from 'pg';
import type { NetworkAccess } from '../providers/network/network';
import { findNetworkError } from '../providers/network/network-errors';
import { explainConnectFailure, pgClientOptions } from './pg-client-options';
import { isConnectionLost } from './connection-lost';
import { insistOnVerifiedSyncTls, refuseUnlessVerified, refuseUnverifiedOptions, tlsConnectFailure } from './sync-tls';
import type { z } from 'zod';
import { fleetReplySchema, type DeviceHealthReport, type FleetReply } from '../../shared/domain/fleet';
import {
  attestationChallengeReplySchema,
  attestReplySchema,
  autoApproveReplySchema,
  exchangeReplySchema,
  helloReplySchema,
  missingFilesReplySchema,
  pullReplySchema,
  pushReplySchema,
  putChunkReplySchema,
  registerSigningKeyReplySchema,
  reportDeviceHealthReplySchema,
  isDeliveryClaimAnswer,
  SYNC_SCHEMA_VERSION,
  type Attestation,
  type AttestationChallengeReply,
  type AttestReply,
  type DeliveryClaimAnswer,
  type ExchangeReply,
  type HelloReply,
  type MissingFilesReply,
  type Mutation,
  type PullCursor,
  type PullReply,
  type PushReply,
  type PutChunkReply,
} from './protocol';
import { SyncError, toSyncError } from './sync-errors';
import {
  fileStorageReplySchema,
  objectDownloadReplySchema,
  objectPartReplySchema,
  objectUploadReplySchema,
  type FileStorageReply,
  type ObjectDownloadReply,
  type ObjectPartReply,
  type ObjectUploadReply,
} from './object-protocol';

/** The device functions of docs/sync.md, one connection's worth. */
export interface SyncSession {
  hello(): Promise<HelloReply>;
  push(mutations: Mutation[]): Promise<PushReply>;
  pull(cursor: PullCursor | null, limit: number): Promise<PullReply>;
  /**
   * A run with nothing to push in one round trip (docs/sync.md, "sync.exchange"):
   * hello, the first pull page from `cursor`, the attestation offer, and
   * `report` stored (null: none).
   */
  exchange(cursor: PullCursor | null, limit: number, report: DeviceHealthReport | null): Promise<ExchangeReply>;
  missingFiles(hashes: string[]): Promise<MissingFilesReply>;
  putFileChunk(hash: string, mediaType: string, size: number, offset: number, bytes: Buffer): Promise<PutChunkReply>;
  getFile(hash: string, offset: number, length: number): Promise<Buffer>;
  /** Issue 22: where new files go (Postgres, or IT's bucket in parts of partBytes). */
  fileStorage(): Promise<FileStorageReply>;
  /** Signed PUT URLs for the parts of this file the server has not recorded; partMd5s: each part's base64 Content-MD5. */
  objectUpload(hash: string, mediaType: string, size: number, partMd5s: string[]): Promise<ObjectUploadReply>;
  objectPartUploaded(hash: string, partNumber: number): Promise<ObjectPartReply>;
  /** Where a complete file is: nowhere, in Postgres (read with getFile), or in the bucket (signed GET URLs). */
  objectDownload(hash: string): Promise<ObjectDownloadReply>;
  /** Whether this device emails this feedback, given the sha-256 (hex) of the text it would send (docs/sync.md, "Time rules on the database's clock"). */
  claimDelivery(feedbackId: string, contentSha256: string): Promise<DeliveryClaimAnswer>;
  /** Issue 21: whether this device sends this event to this subscription (one device per pair across the fleet). */
  claimWebhookDelivery(subscriptionId: string, eventId: string): Promise<boolean>;
  autoApproveDue(): Promise<string[]>;
  /** Proof of configuration (docs/sync.md): a fresh challenge and what waits for an attestation. */
  attestationChallenge(): Promise<AttestationChallengeReply>;
  registerSigningKey(publicKey: string): Promise<void>;
  attestConfigurations(challenge: string, attestations: Attestation[]): Promise<AttestReply>;
  /** Fleet health (README "Fleet health (IT)"): this device's report, replacing its last one. */
  reportDeviceHealth(report: DeviceHealthReport): Promise<void>;
  /** Every enrolled device with its latest report, for an admin's Devices list. */
  fleetHealth(): Promise<FleetReply>;
  close(): Promise<void>;
}

/** Opens a session; tests replace it to simulate a network that drops. */
export interface SyncTransport {
  open(): Promise<SyncSession>;
}

export interface PgSyncTransportOptions {
  /** The `sync.endpoint` setting: a postgres:// URL without the password. */
  endpoint: string;
  /** The device's password, from the keychain secret `sync-device-credential`. */
  password: string;
  connectTimeoutMs?: number;
  /**
   * How long one call may take before the connection is given up (client
   * side: a server-side statement_timeout sent at startup is a parameter a
   * transaction pooler refuses, see docs/sync.md "Connections").
   */
  queryTimeoutMs?: number;
  /** The proxy and CA bundle in force (src-main/providers/network); without it, direct with Node's own CAs. */
  network?: NetworkAccess;
  /**
   * Called once when the connection is lost (the socket closed or failed,
   * a call found it gone or timed out), so a keeper of the session
   * (./kept-session.ts) opens a new one next time.
   */
  onLost?: () => void;
}

/**
 * Speaks to the hosted Postgres as the device's own login role, over TLS
 * with the certificate verified beyond loopback (./sync-tls.ts). A session
 * is one connection; SyncConnection keeps one open between runs.
 */
export class PgSyncTransport implements SyncTransport {
  constructor(private readonly options: PgSyncTransportOptions) {}

  async open(): Promise<SyncSession> {
    const url = new URL(withPassword(this.options.endpoint, this.options.password));
    insistOnVerifiedSyncTls(url);
    const connection = pgClientOptions(url.toString(), this.options.network);
    refuseUnverifiedOptions(connection);
    const host = String(connection.host ?? '');
    const client = new pg.Client({
      connectionTimeoutMillis: this.options.connectTimeoutMs ?? 10_000,
      // A little over the 30 s the server-side functions are meant to finish in, so a slow server is not cut short.
      query_timeout: this.options.queryTimeoutMs ?? 45_000,
      // A kept connection idles between runs: TCP keepalive notices a peer that went away without a word.
      keepAlive: true,
      keepAliveInitialDelayMillis: 30_000,
      application_name: 'teamified-kiosk',
      // After ours, as pg lets a connectionString's fields win over the options beside it.
      ...connection,
    });
    const session = new PgSyncSession(client, this.options.onLost);
    try {
      await client.connect();
    } catch (error) {
      await client.end().catch(() => {});
      const explained = await explainConnectFailure(error, client, this.options.network);
      throw (findNetworkError(explained) ? null : tlsConnectFailure(explained, host)) ?? toSyncError(explained);
    }
    try {
      refuseUnlessVerified(client, host);
    } catch (error) {
      await session.close();
      throw error;
    }
    return session;
  }
}

/** Puts the password into the URL; the result is handed to pg and never logged or kept. */
export function withPassword(endpoint: string, password: string): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new SyncError('bad_request', 'The sync endpoint setting is not a valid postgres:// address.');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new SyncError('bad_request', 'The sync endpoint setting must start with postgres://.');
  }
  url.password = encodeURIComponent(password);
  return url.toString();
}

class PgSyncSession implements SyncSession {
  private lost = false;

  constructor(
    private readonly client: pg.Client,
    private readonly onLost: (() => void) | undefined,
  ) {
    // A dropped socket emits 'error' on the client (without a listener Node would crash the app), then 'end'.
    client.on('error', () => this.markLost());
    client.on('end', () => this.markLost());
  }

  hello(): Promise<HelloReply> {
    return this.json('SELECT sync.hello($1) AS r', [], helloReplySchema);
  }

  push(mutations: Mutation[]): Promise<PushReply> {
    return this.json('SELECT sync.push($1, $2::jsonb) AS r', [JSON.stringify(mutations)], pushReplySchema);
  }

  pull(cursor: PullCursor | null, limit: number): Promise<PullReply> {
    return this.json('SELECT sync.pull($1, $2::jsonb, $3) AS r', [cursor === null ? null : JSON.stringify(cursor), limit], pullReplySchema);
  }

  exchange(cursor: PullCursor | null, limit: number, report: DeviceHealthReport | null): Promise<ExchangeReply> {
    return this.json(
      'SELECT sync.exchange($1, $2::jsonb, $3, $4::jsonb) AS r',
      [cursor === null ? null : JSON.stringify(cursor), limit, report === null ? null : JSON.stringify(report)],
      exchangeReplySchema,
    );
  }

  missingFiles(hashes: string[]): Promise<MissingFilesReply> {
    return this.json('SELECT sync.missing_files($1, $2::text[]) AS r', [hashes], missingFilesReplySchema);
  }

  putFileChunk(hash: string, mediaType: string, size: number, offset: number, bytes: Buffer): Promise<PutChunkReply> {
    return this.json('SELECT sync.put_file_chunk($1, $2, $3, $4, $5, $6) AS r', [hash, mediaType, size, offset, bytes], putChunkReplySchema);
  }

  async getFile(hash: string, offset: number, length: number): Promise<Buffer> {
    const value = await this.scalar('SELECT sync.get_file($1, $2, $3, $4) AS r', [hash, offset, length]);
    if (value === null) return Buffer.alloc(0);
    if (!Buffer.isBuffer(value)) throw new SyncError('server', 'sync.get_file did not return bytes.');
    return value;
  }

  fileStorage(): Promise<FileStorageReply> {
    return this.json('SELECT sync.file_storage($1) AS r', [], fileStorageReplySchema);
  }

  objectUpload(hash: string, mediaType: string, size: number, partMd5s: string[]): Promise<ObjectUploadReply> {
    return this.json('SELECT sync.object_upload($1, $2, $3, $4, $5::text[]) AS r', [hash, mediaType, size, partMd5s], objectUploadReplySchema);
  }

  objectPartUploaded(hash: string, partNumber: number): Promise<ObjectPartReply> {
    return this.json('SELECT sync.object_part_uploaded($1, $2, $3) AS r', [hash, partNumber], objectPartReplySchema);
  }

  objectDownload(hash: string): Promise<ObjectDownloadReply> {
    return this.json('SELECT sync.object_download($1, $2) AS r', [hash], objectDownloadReplySchema);
  }

  async claimDelivery(feedbackId: string, contentSha256: string): Promise<DeliveryClaimAnswer> {
    const value = await this.scalar('SELECT sync.claim_delivery($1, $2::uuid, $3) AS r', [feedbackId, contentSha256]);
    if (!isDeliveryClaimAnswer(value)) throw new SyncError('server', 'sync.claim_delivery did not answer claimed, taken or not_current.');
    return value;
  }

  async claimWebhookDelivery(subscriptionId: string, eventId: string): Promise<boolean> {
    const value = await this.scalar('SELECT sync.claim_webhook_delivery($1, $2::uuid, $3::uuid) AS r', [subscriptionId, eventId]);
    if (typeof value !== 'boolean') throw new SyncError('server', 'sync.claim_webhook_delivery did not return true or false.');
    return value;
  }

  async autoApproveDue(): Promise<string[]> {
    return (await this.json('SELECT sync.auto_approve_due($1) AS r', [], autoApproveReplySchema)).approved;
  }

  attestationChallenge(): Promise<AttestationChallengeReply> {
    return this.json('SELECT sync.attestation_challenge($1) AS r', [], attestationChallengeReplySchema);
  }

  async registerSigningKey(publicKey: string): Promise<void> {
    await this.json('SELECT sync.register_signing_key($1, $2) AS r', [publicKey], registerSigningKeyReplySchema);
  }

  attestConfigurations(challenge: string, attestations: Attestation[]): Promise<AttestReply> {
    return this.json('SELECT sync.attest_configurations($1, $2, $3::jsonb) AS r', [challenge, JSON.stringify(attestations)], attestReplySchema);
  }

  async reportDeviceHealth(report: DeviceHealthReport): Promise<void> {
    await this.json('SELECT sync.report_device_health($1, $2::jsonb) AS r', [JSON.stringify(report)], reportDeviceHealthReplySchema);
  }

  fleetHealth(): Promise<FleetReply> {
    return this.json('SELECT sync.fleet_health($1) AS r', [], fleetReplySchema);
  }

  async close(): Promise<void> {
    this.lost = true;
    await this.client.end().catch(() => {});
  }

  private markLost(): void {
    if (this.lost) return;
    this.lost = true;
    this.onLost?.();
  }

  private async scalar(sql: string, params: unknown[]): Promise<unknown> {
    try {
      const result = await this.client.query<{ r: unknown }>(sql, [SYNC_SCHEMA_VERSION, ...params]);
      return result.rows[0]?.r ?? null;
    } catch (error) {
      if (isConnectionLost(error)) {
        this.markLost();
        // A timed-out call may still be running on the server: this connection is done either way.
        void this.client.end().catch(() => {});
        throw new SyncError('offline', `The connection to the hosted database was lost (${error instanceof Error ? error.message : String(error)}).`);
      }
      throw toSyncError(error);
    }
  }

  private async json<S extends z.ZodType>(sql: string, params: unknown[], schema: S): Promise<z.output<S>> {
    const value = await this.scalar(sql, params);
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const fn = /sync\.(\w+)/.exec(sql)?.[1] ?? 'a sync function';
      throw new SyncError('server', `The hosted database's reply to ${fn} was not in the expected shape: ${parsed.error.issues[0]?.message ?? ''}`);
    }
    return parsed.data;
  }
}
