import { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { pgClientOptions } from '../../../src-main/sync/pg-client-options';
import { insistOnVerifiedTls, verifiedTlsProblem } from '../../../src-main/sync/pg-tls-policy';
import { isConnectionLost } from '../../../src-main/sync/connection-lost';
import { SyncError } from '../../../src-main/sync/sync-errors';
import { refuseUnlessVerified } from '../../../src-main/sync/sync-tls';

/** The options pg would be given for this URL, after the TLS rule. */
function optionsFor(address: string): { clear: string | null; options: pg.ClientConfig } {
  const url = new URL(address);
  const clear = insistOnVerifiedTls(url);
  return { clear, options: pgClientOptions(url.toString(), undefined) };
}

describe('the TLS rule for the hosted database', () => {
  it('gives an address beyond loopback without sslmode verify-full: TLS, certificate and name checked', () => {
    const { clear, options } = optionsFor('postgres://kiosk_dev@db.example.com:6543/postgres');
    expect(clear).toBeNull();
    expect(options.ssl).toEqual({});
    expect(verifiedTlsProblem(options)).toBeNull();
  });

  it('hands require and verify-ca to pg as verify-full, so no pg version can weaken them', () => {
    for (const mode of ['require', 'verify-ca']) {
      const { options } = optionsFor(`postgres://kiosk_dev@db.example.com/postgres?sslmode=${mode}`);
      expect(verifiedTlsProblem(options)).toBeNull();
      expect(options.ssl).toEqual({});
    }
    // Even with pg's libpq compatibility (where require checks nothing), pg is handed verify-full.
    const { options } = optionsFor('postgres://kiosk_dev@db.example.com/postgres?sslmode=require&uselibpqcompat=true');
    expect(verifiedTlsProblem(options)).toBeNull();
  });

  it('names the settings that let the connection go in the clear', () => {
    expect(optionsFor('postgres://u@db.example.com/p?sslmode=disable').clear).toBe('sslmode=disable');
    expect(optionsFor('postgres://u@db.example.com/p?sslmode=prefer').clear).toBe('sslmode=prefer');
    expect(optionsFor('postgres://u@db.example.com/p?sslmode=allow').clear).toBe('sslmode=allow');
    expect(optionsFor('postgres://u@db.example.com/p?ssl=false').clear).toBe('ssl=false');
  });

  it('finds options that would not check the certificate or the name', () => {
    expect(verifiedTlsProblem(optionsFor('postgres://u@db.example.com/p?sslmode=no-verify').options)).toBe('the server’s certificate would not be checked');
    expect(verifiedTlsProblem({ host: 'db.example.com', ssl: { checkServerIdentity: () => undefined } })).toBe('the server’s name would not be checked against its certificate');
    expect(verifiedTlsProblem({ host: 'db.example.com', ssl: false })).toBe('it would not be encrypted');
  });

  it('leaves loopback as given', () => {
    expect(optionsFor('postgres://u@127.0.0.1:5432/p?sslmode=disable').clear).toBeNull();
    expect(verifiedTlsProblem({ host: 'localhost', ssl: false })).toBeNull();
  });
});

describe('the look at the socket once connected', () => {
  const clientOn = (stream: unknown) => ({ connection: { stream } }) as unknown as pg.Client;

  it('refuses a plain socket beyond loopback', () => {
    expect(() => refuseUnlessVerified(clientOn(new Socket()), 'db.example.com')).toThrow(SyncError);
    expect(() => refuseUnlessVerified(clientOn(new Socket()), '127.0.0.1')).not.toThrow();
  });

  it('refuses a TLS socket whose certificate did not verify', () => {
    const tls = new TLSSocket(new Socket());
    Object.defineProperty(tls, 'authorized', { value: false });
    expect(() => refuseUnlessVerified(clientOn(tls), 'db.example.com')).toThrow(/did not end up encrypted with a verified certificate/);
    Object.defineProperty(tls, 'authorized', { value: true });
    expect(() => refuseUnlessVerified(clientOn(tls), 'db.example.com')).not.toThrow();
    tls.destroy();
  });
});

describe('a lost connection, told from a refusal', () => {
  it('counts socket failures, pg losing the connection and a terminated backend as lost', () => {
    expect(isConnectionLost(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isConnectionLost(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isConnectionLost(new Error('Query read timeout'))).toBe(true);
    expect(isConnectionLost(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01', severity: 'FATAL' }))).toBe(true);
  });

  it('does not count the server refusing a call', () => {
    expect(isConnectionLost(Object.assign(new Error('This device was revoked'), { code: 'KS001', severity: 'ERROR' }))).toBe(false);
    expect(isConnectionLost(Object.assign(new Error('Connection terminated by a trigger?'), { code: 'P0001', severity: 'ERROR' }))).toBe(false);
  });
});
