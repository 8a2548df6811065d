import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

/*
 * scripts/ci-signing-env.sh turns the workflow's secrets into electron-builder's
 * variables. A secret that is not configured arrives as "", and electron-builder
 * reads CSC_LINK="" as a certificate to import (macPackager.js, getCscLink), and
 * half of an Apple ID login as an error (MacTargetHelper.getNotarizeOptions):
 * so only complete, non-empty sets may come out.
 */

let temp: string;
beforeEach(() => {
  temp = mkdtempSync(join(tmpdir(), 'signing-env-'));
});
afterEach(() => rmSync(temp, { recursive: true, force: true }));

const ALL_SECRETS = [
  'MAC_CSC_LINK', 'MAC_CSC_KEY_PASSWORD', 'APPLE_API_KEY_P8', 'APPLE_API_KEY_ID', 'APPLE_API_ISSUER', 'APPLE_ID',
  'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID', 'WIN_CSC_LINK', 'WIN_CSC_KEY_PASSWORD', 'AZURE_TENANT_ID', 'AZURE_CLIENT_ID',
  'AZURE_CLIENT_SECRET', 'AZURE_SIGNING_ENDPOINT', 'AZURE_SIGNING_ACCOUNT', 'AZURE_CERTIFICATE_PROFILE', 'AZURE_PUBLISHER_NAME',
];

/** Runs the script as the workflow does: every secret present, "" when not configured. */
function run(os: string, secrets: Record<string, string> = {}): { status: number | null; lines: string[]; stderr: string } {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, RUNNER_OS: os, RUNNER_TEMP: temp };
  for (const name of ALL_SECRETS) env[name] = secrets[name] ?? '';
  const result = spawnSync('bash', ['scripts/ci-signing-env.sh'], { cwd: process.cwd(), env, encoding: 'utf8' });
  return { status: result.status, lines: result.stdout.split('\n').filter(Boolean), stderr: result.stderr };
}

const azure = {
  AZURE_TENANT_ID: 'tenant',
  AZURE_CLIENT_ID: 'client',
  AZURE_CLIENT_SECRET: 'secret',
  AZURE_SIGNING_ENDPOINT: 'https://eus.codesigning.azure.net',
  AZURE_SIGNING_ACCOUNT: 'teamified',
  AZURE_CERTIFICATE_PROFILE: 'kiosk',
  AZURE_PUBLISHER_NAME: 'Teamified Pty Ltd',
};

describe.skipIf(process.platform === 'win32')('scripts/ci-signing-env.sh', () => {
  it('macOS without secrets: builds unsigned, without searching the runner’s keychain, and says so', () => {
    const { status, lines, stderr } = run('macOS');
    expect(status).toBe(0);
    expect(lines).toEqual(['CSC_IDENTITY_AUTO_DISCOVERY=false']);
    expect(stderr).toMatch(/::notice::macOS: MAC_CSC_LINK is not set/);
    expect(stderr).toMatch(/::notice::macOS: no notarisation credentials/);
  });

  it('macOS with a certificate: CSC_LINK, and no empty CSC_KEY_PASSWORD', () => {
    expect(run('macOS', { MAC_CSC_LINK: 'base64cert' }).lines).toEqual(['CSC_LINK=base64cert']);
    expect(run('macOS', { MAC_CSC_LINK: 'base64cert', MAC_CSC_KEY_PASSWORD: 'pw' }).lines).toEqual(['CSC_LINK=base64cert', 'CSC_KEY_PASSWORD=pw']);
  });

  it('macOS notarisation with an API key: the .p8 goes to a private file and APPLE_API_KEY is its path', () => {
    const p8 = '-----BEGIN PRIVATE KEY-----\nMIGT\n-----END PRIVATE KEY-----';
    const { lines } = run('macOS', { MAC_CSC_LINK: 'c', APPLE_API_KEY_P8: p8, APPLE_API_KEY_ID: 'ABC123', APPLE_API_ISSUER: 'issuer' });
    const key = join(temp, 'AuthKey_ABC123.p8');
    expect(lines).toEqual(['CSC_LINK=c', `APPLE_API_KEY=${key}`, 'APPLE_API_KEY_ID=ABC123', 'APPLE_API_ISSUER=issuer']);
    expect(readFileSync(key, 'utf8')).toBe(`${p8}\n`);
    expect(statSync(key).mode & 0o077).toBe(0);
  });

  it('macOS notarisation with an Apple ID only when all three are set', () => {
    const full = { APPLE_ID: 'it@example.com', APPLE_APP_SPECIFIC_PASSWORD: 'abcd-efgh', APPLE_TEAM_ID: 'TEAM123456' };
    expect(run('macOS', { MAC_CSC_LINK: 'c', ...full }).lines).toEqual([
      'CSC_LINK=c',
      'APPLE_ID=it@example.com',
      'APPLE_APP_SPECIFIC_PASSWORD=abcd-efgh',
      'APPLE_TEAM_ID=TEAM123456',
    ]);
    expect(run('macOS', { MAC_CSC_LINK: 'c', APPLE_ID: 'it@example.com' }).lines).toEqual(['CSC_LINK=c']);
  });

  it('Windows: signtool from WIN_CSC_LINK, never the macOS certificate', () => {
    expect(run('Windows', { MAC_CSC_LINK: 'mac-cert' }).lines).toEqual([]);
    expect(run('Windows', { WIN_CSC_LINK: 'pfx', WIN_CSC_KEY_PASSWORD: 'pw', MAC_CSC_LINK: 'mac-cert' }).lines).toEqual([
      'WIN_CSC_LINK=pfx',
      'WIN_CSC_KEY_PASSWORD=pw',
    ]);
  });

  it('Windows: Azure Trusted Signing only when every setting is there', () => {
    expect(run('Windows', azure).lines).toEqual(Object.entries(azure).map(([name, value]) => `${name}=${value}`));
    expect(run('Windows', { ...azure, AZURE_PUBLISHER_NAME: '' }).lines).toEqual([]);
  });

  it('Linux: nothing to sign', () => {
    const { status, lines, stderr } = run('Linux', { MAC_CSC_LINK: 'c', WIN_CSC_LINK: 'w' });
    expect([status, lines]).toEqual([0, []]);
    expect(stderr).toMatch(/Linux: deb and AppImage are not signed/);
  });

  it('refuses a value that would break $GITHUB_ENV’s one-line format', () => {
    const { status, stderr } = run('Windows', { WIN_CSC_LINK: 'line one\nline two' });
    expect(status).toBe(1);
    expect(stderr).toMatch(/WIN_CSC_LINK must be a single line/);
  });
});
