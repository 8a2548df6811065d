import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'plist';
import { afterAll, describe, expect, it } from 'vitest';
import { JsonFilePolicySource } from '../../../../src-main/settings/policy/json-file-policy-source';
import { ManagedPreferencesPolicySource } from '../../../../src-main/settings/policy/managed-preferences-policy-source';
import { osPolicySource } from '../../../../src-main/settings/policy/os-policy-source';
import { parseRegQueryOutput } from '../../../../src-main/settings/policy/reg-query-output';
import { RegistryPolicySource, type RegQueryRunner } from '../../../../src-main/settings/policy/registry-policy-source';

/*
 * The three OS sources. The Windows registry and macOS's plutil are out of
 * reach here: the registry source is tested through `reg query` output as
 * Windows prints it (tests/fixtures/policy), plutil through a stand-in that
 * is only asked for binary plists, as the real one is.
 */

const fixtures = join(import.meta.dirname, '../../../fixtures/policy');
const dir = mkdtempSync(join(tmpdir(), 'kiosk-policy-sources-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** reg.exe's failures as execFile reports them: exit status 1 for a missing key. */
function regFailure(status: number, message: string): Error {
  return Object.assign(new Error(message), { status, code: status });
}

function runner(output: string | Error): RegQueryRunner & { calls: string[][] } {
  const calls: string[][] = [];
  const answer = (args: string[]) => {
    calls.push(args);
    if (output instanceof Error) throw output;
    return output;
  };
  return { calls, runNow: answer, run: async (args) => answer(args) };
}

describe('reg query output', () => {
  it('reads names, DWORDs in hex, text with spaces and JSON, and empty text, and stops at subkeys', () => {
    expect(parseRegQueryOutput(readFileSync(join(fixtures, 'reg-query-kiosk.txt'), 'utf8'))).toEqual({
      DeviceMode: 'recruiter',
      EndOfTurnSilenceMs: 3000,
      LiveTranscription: 0,
      MaxDisplays: 0,
      ProhibitedPrograms: '[{"name":"zoom","category":"screen_sharing"}, {"name":"Team Viewer","category":"remote_access"}]',
      SmtpHost: '',
      TtsVoice: 'nova',
    });
    expect(parseRegQueryOutput('\nHKEY_LOCAL_MACHINE\\Software\\Policies\\Teamified\\Kiosk\n    Hosts    REG_MULTI_SZ    a\\0b\n')).toEqual({ Hosts: ['a', 'b'] });
  });

  it('is read by the registry source from HKLM’s 64-bit view, and a missing key is no policy, not a fault', async () => {
    const run = runner(readFileSync(join(fixtures, 'reg-query-kiosk.txt'), 'utf8'));
    const source = new RegistryPolicySource(run);
    expect(source.location).toBe('HKEY_LOCAL_MACHINE\\Software\\Policies\\Teamified\\Kiosk');
    const reading = source.readNow();
    expect(reading.status === 'read' && reading.values.EndOfTurnSilenceMs).toBe(3000);
    expect(await source.read()).toEqual(reading);
    expect(run.calls[0]).toEqual(['query', 'HKEY_LOCAL_MACHINE\\Software\\Policies\\Teamified\\Kiosk', '/reg:64']);

    const missing = new RegistryPolicySource(runner(regFailure(1, 'ERROR: The system was unable to find the specified registry key or value.')));
    expect(missing.readNow()).toEqual({ status: 'none' });
    expect(await missing.read()).toEqual({ status: 'none' });
    const broken = new RegistryPolicySource(runner(Object.assign(new Error('spawn reg ENOENT'), { code: 'ENOENT' })));
    expect(broken.readNow()).toEqual({ status: 'unreadable', problem: 'The policy in HKEY_LOCAL_MACHINE\\Software\\Policies\\Teamified\\Kiosk could not be read (reg query failed: spawn reg ENOENT).' });
  });
});

describe('macOS managed preferences', () => {
  const path = join(dir, 'com.teamified.kiosk.plist');

  it('reads an XML plist, leaving out the profile’s own Payload keys', async () => {
    writeFileSync(path, build({ DeviceMode: 'kiosk', MaxDisplays: 2, LiveTranscription: false, PayloadUUID: 'X' }));
    const source = new ManagedPreferencesPolicySource(path, { toXmlNow: () => expect.fail('not binary'), toXml: () => expect.fail('not binary') });
    expect(source.readNow()).toEqual({ status: 'read', values: { DeviceMode: 'kiosk', MaxDisplays: 2, LiveTranscription: false } });
    expect(await source.read()).toEqual(source.readNow());
  });

  it('has a binary plist converted to XML first, and says which file is broken', async () => {
    const binary = join(dir, 'binary.plist');
    writeFileSync(binary, Buffer.concat([Buffer.from('bplist00'), Buffer.alloc(32)]));
    const asked: string[] = [];
    const converter = { toXmlNow: (file: string) => (asked.push(file), build({ DeviceMode: 'recruiter' })), toXml: async (file: string) => (asked.push(file), build({ DeviceMode: 'recruiter' })) };
    const source = new ManagedPreferencesPolicySource(binary, converter);
    expect(source.readNow()).toEqual({ status: 'read', values: { DeviceMode: 'recruiter' } });
    expect(await source.read()).toEqual({ status: 'read', values: { DeviceMode: 'recruiter' } });
    expect(asked).toEqual([binary, binary]);

    writeFileSync(path, '<plist><dict><key>DeviceMode</key></plist>');
    const broken = new ManagedPreferencesPolicySource(path).readNow();
    expect(broken.status).toBe('unreadable');
    expect(broken.status === 'unreadable' && broken.problem).toContain(`The managed preferences ${path} are not a valid property list`);
    expect(new ManagedPreferencesPolicySource(join(dir, 'none.plist')).readNow()).toEqual({ status: 'none' });
  });
});

describe('the Linux policy file', () => {
  it('is no policy when absent, and unreadable when it is not a JSON object', async () => {
    const path = join(dir, 'policy.json');
    expect(new JsonFilePolicySource(join(dir, 'missing', 'policy.json')).readNow()).toEqual({ status: 'none' });
    writeFileSync(path, '["DeviceMode"]');
    expect(await new JsonFilePolicySource(path).read()).toEqual({ status: 'unreadable', problem: `The policy file ${path} must hold a JSON object of policy names and values.` });
    writeFileSync(path, '{"$schema": "./policy.schema.json", "DeviceMode": "kiosk"}');
    expect(new JsonFilePolicySource(path).readNow()).toEqual({ status: 'read', values: { DeviceMode: 'kiosk' } });
  });
});

describe('the OS’s own source', () => {
  it('is the registry on Windows, managed preferences on macOS and /etc elsewhere', () => {
    expect(osPolicySource('win32').location).toBe('HKEY_LOCAL_MACHINE\\Software\\Policies\\Teamified\\Kiosk');
    expect(osPolicySource('darwin').location).toBe('/Library/Managed Preferences/com.teamified.kiosk.plist');
    expect(osPolicySource('linux').location).toBe('/etc/teamified-kiosk/policy.json');
  });
});
