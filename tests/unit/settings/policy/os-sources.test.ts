import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'plist';
import { afterAll, describe, expect, it } from 'vitest';
import { JsonFilePolicySource, ownPolicyFileOptions } from '../../../../src-main/settings/policy/json-file-policy-source';
import { ManagedPreferencesPolicySource } from '../../../../src-main/settings/policy/managed-preferences-policy-source';
import { macUserManagedPreferences, osPolicySource } from '../../../../src-main/settings/policy/os-policy-source';
import { parseRegQueryOutput, regQuerySubkeys } from '../../../../src-main/settings/policy/reg-query-output';
import { RegistryPolicySource, type RegQueryRunner } from '../../../../src-main/settings/policy/registry-policy-source';
import { ScopedPolicySource } from '../../../../src-main/settings/policy/scoped-policy-source';

/*
 * The three OS sources. The Windows registry and macOS's plutil are out of
 * reach here: the registry source is tested through `reg query` output as
 * Windows prints it (tests/fixtures/policy), plutil through a stand-in that
 * is only asked for binary plists, as the real one is.
 */

const fixtures = join(import.meta.dirname, '../../../fixtures/policy');
const dir = mkdtempSync(join(tmpdir(), 'kiosk-policy-sources-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/*
 * reg.exe's own words, as it prints them on stderr with exit status 1: for a
 * missing key and for a refusal alike ("reg /?": 0 success, 1 failure), so
 * only the source's look at the parent keys tells them apart.
 */
const REG_MISSING = 'ERROR: The system was unable to find the specified registry key or value.\r\n';
const REG_DENIED = 'ERROR: Access is denied.\r\n';
const REG_DISABLED = 'ERROR: Registry editing has been disabled by your administrator.\r\n';

/** A failed reg run as child_process reports it: the exit status (execFileSync's `status`, execFile's `code`) and stderr. */
function regFailure(args: string[], stderr: string, sync: boolean): Error {
  const error = new Error(`Command failed: reg ${args.join(' ')}\n${stderr}`);
  return Object.assign(error, sync ? { status: 1, stderr } : { code: 1, stderr });
}

/**
 * A stand-in reg.exe over a few keys: each key's `reg query` output (a
 * fixture), or the refusal it prints; any other key is missing, as reg says
 * for a key that does not exist. Keys match whatever their case, as in the registry.
 */
function runner(keys: Record<string, string | { refused: string }>): RegQueryRunner & { calls: string[][] } {
  const calls: string[][] = [];
  const byKey = new Map(Object.entries(keys).map(([key, answer]) => [key.toLowerCase(), answer]));
  const answer = (args: string[], sync: boolean) => {
    calls.push(args);
    const found = byKey.get((args[1] ?? '').toLowerCase());
    if (found === undefined) throw regFailure(args, REG_MISSING, sync);
    if (typeof found !== 'string') throw regFailure(args, found.refused, sync);
    return found;
  };
  return { calls, runNow: (args) => answer(args, true), run: async (args) => answer(args, false) };
}

const fixture = (name: string) => readFileSync(join(fixtures, name), 'utf8');
const POLICIES = 'HKEY_LOCAL_MACHINE\\Software\\Policies';
const TEAMIFIED = `${POLICIES}\\Teamified`;
const KIOSK = `${TEAMIFIED}\\Kiosk`;

describe('reg query output', () => {
  it('reads names, DWORDs in hex, text with spaces and JSON, and empty text, and stops at subkeys', () => {
    expect(parseRegQueryOutput(fixture('reg-query-kiosk.txt'))).toEqual({
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

  it('is read by the registry source from HKLM’s 64-bit view', async () => {
    const run = runner({ [KIOSK]: fixture('reg-query-kiosk.txt') });
    const source = new RegistryPolicySource(run);
    expect(source.location).toBe(KIOSK);
    const reading = source.readNow();
    expect(reading.status === 'read' && reading.values.EndOfTurnSilenceMs).toBe(3000);
    expect(await source.read()).toEqual(reading);
    expect(run.calls).toEqual([
      ['query', KIOSK, '/reg:64'],
      ['query', KIOSK, '/reg:64'],
    ]);
  });

  it('lists the subkeys reg prints, with or without the key’s own line, whatever their case', () => {
    expect(regQuerySubkeys(fixture('reg-query-policies.txt'), 'HKEY_LOCAL_MACHINE\\SOFTWARE\\POLICIES')).toEqual(['Google', 'Microsoft', 'Teamified']);
    expect(regQuerySubkeys(fixture('reg-query-kiosk.txt'), KIOSK)).toEqual(['Extensions']);
    expect(regQuerySubkeys('', KIOSK)).toEqual([]);
  });
});

describe('a registry query that fails', () => {
  it('is no policy only when a parent key’s list lacks the policy key', async () => {
    const cases: Record<string, string>[] = [
      { [POLICIES]: fixture('reg-query-policies-without-teamified.txt') },
      // Teamified is there (another product of ours), Kiosk is not.
      { [POLICIES]: fixture('reg-query-policies.txt'), [TEAMIFIED]: '\r\n' },
    ];
    for (const keys of cases) {
      const run = runner(keys);
      expect(new RegistryPolicySource(run).readNow()).toEqual({ status: 'none' });
      expect(await new RegistryPolicySource(run).read()).toEqual({ status: 'none' });
    }
  });

  it('keeps the last good policy when reg is refused: access denied or registry tools disabled, on the key or on its parents', async () => {
    const cases: [Record<string, string | { refused: string }>, string][] = [
      // The key is listed by its parent, so it exists: this is a refusal, whatever reg says.
      [
        { [POLICIES]: fixture('reg-query-policies.txt'), [TEAMIFIED]: fixture('reg-query-teamified.txt'), [KIOSK]: { refused: REG_DENIED } },
        `The policy in ${KIOSK} could not be read (reg query failed: ERROR: Access is denied.). The key exists. Check that the account the app runs as may read the key and run reg.exe (the user policy 'Prevent access to registry editing tools' can stop reg.exe).`,
      ],
      // A kiosk that stops reg.exe altogether: every query is refused.
      [
        { [POLICIES]: { refused: REG_DISABLED }, [TEAMIFIED]: { refused: REG_DISABLED }, [KIOSK]: { refused: REG_DISABLED } },
        `The policy in ${KIOSK} could not be read (reg query failed: ERROR: Registry editing has been disabled by your administrator.). Listing ${POLICIES} failed too (ERROR: Registry editing has been disabled by your administrator.). Check that the account the app runs as may read the key and run reg.exe (the user policy 'Prevent access to registry editing tools' can stop reg.exe).`,
      ],
    ];
    for (const [keys, problem] of cases) {
      expect(new RegistryPolicySource(runner(keys)).readNow()).toEqual({ status: 'unreadable', problem });
      expect(await new RegistryPolicySource(runner(keys)).read()).toEqual({ status: 'unreadable', problem });
    }
    // A parent that cannot be listed (access denied on Teamified) is not taken as "no policy" either.
    const parentDenied = new RegistryPolicySource(runner({ [POLICIES]: fixture('reg-query-policies.txt'), [TEAMIFIED]: { refused: REG_DENIED } })).readNow();
    expect(parentDenied.status).toBe('unreadable');
  });

  it('is unreadable, without asking the parents, when reg cannot run or times out', () => {
    const spawnFailed: RegQueryRunner = {
      runNow: () => {
        throw Object.assign(new Error('spawn reg ENOENT'), { code: 'ENOENT' });
      },
      run: async () => Promise.reject(Object.assign(new Error('spawn reg ENOENT'), { code: 'ENOENT' })),
    };
    expect(new RegistryPolicySource(spawnFailed).readNow()).toEqual({ status: 'unreadable', problem: `The policy in ${KIOSK} could not be read (reg query failed: spawn reg ENOENT).` });
    const timedOut = runner({});
    timedOut.runNow = (args) => {
      timedOut.calls.push(args);
      throw Object.assign(new Error('spawnSync reg ETIMEDOUT'), { code: 'ETIMEDOUT', status: null, signal: 'SIGTERM', stderr: '' });
    };
    expect(new RegistryPolicySource(timedOut).readNow()).toEqual({ status: 'unreadable', problem: `The policy in ${KIOSK} could not be read (reg query failed: spawnSync reg ETIMEDOUT).` });
    expect(timedOut.calls).toHaveLength(1);
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

describe('macOS managed preferences for the machine and for the user', () => {
  const machinePath = join(dir, 'machine.plist');
  const userPath = join(dir, 'alice', 'user.plist');
  const noConverter = { toXmlNow: () => expect.fail('not binary'), toXml: () => expect.fail('not binary') };
  mkdirSync(join(dir, 'alice'), { recursive: true });
  const scoped = () => new ScopedPolicySource(new ManagedPreferencesPolicySource(machinePath, noConverter), new ManagedPreferencesPolicySource(userPath, noConverter));

  it('reads the user’s profile beside the machine’s, the machine’s values winning', async () => {
    expect(macUserManagedPreferences('alice')).toBe('/Library/Managed Preferences/alice/com.teamified.kiosk.plist');
    expect(scoped().readNow()).toEqual({ status: 'none' });
    writeFileSync(userPath, build({ DeviceMode: 'recruiter', TtsVoice: 'nova' }));
    expect(scoped().readNow()).toEqual({ status: 'read', values: { DeviceMode: 'recruiter', TtsVoice: 'nova' } });
    writeFileSync(machinePath, build({ DeviceMode: 'kiosk', MaxDisplays: 2 }));
    const both = { status: 'read', values: { DeviceMode: 'kiosk', MaxDisplays: 2, TtsVoice: 'nova' } };
    expect(scoped().readNow()).toEqual(both);
    expect(await scoped().read()).toEqual(both);
  });

  it('is unreadable as a whole when either scope is, naming that file', async () => {
    writeFileSync(machinePath, build({ DeviceMode: 'kiosk' }));
    writeFileSync(userPath, '<plist><dict><key>DeviceMode</key></plist>');
    const reading = await scoped().read();
    expect(reading.status).toBe('unreadable');
    expect(reading.status === 'unreadable' && reading.problem).toContain(`The managed preferences ${userPath} are not a valid property list`);
    expect(scoped().readNow()).toEqual(reading);
  });
});

describe('the Linux policy file', () => {
  const etc = join(dir, 'etc');
  const path = join(etc, 'policy.json');
  const uid = process.getuid?.() ?? 0;
  const unreadable = (problem: string) => ({ status: 'unreadable', problem });

  /** /etc/teamified-kiosk as IT should leave it, whatever the umask: the folder 0755, the file 0644, both this user's (root's, when tests run as root). */
  function writeAsIt(text: string): void {
    mkdirSync(etc, { recursive: true });
    chmodSync(etc, 0o755);
    writeFileSync(path, text);
    chmodSync(path, 0o644);
  }

  it('is no policy when absent, and unreadable when it is not a JSON object', async () => {
    expect(new JsonFilePolicySource(join(dir, 'missing', 'policy.json'), ownPolicyFileOptions()).readNow()).toEqual({ status: 'none' });
    writeAsIt('["DeviceMode"]');
    expect(await new JsonFilePolicySource(path, ownPolicyFileOptions()).read()).toEqual(unreadable(`The policy file ${path} must hold a JSON object of policy names and values.`));
    writeAsIt('{"$schema": "./policy.schema.json", "DeviceMode": "kiosk"}');
    expect(new JsonFilePolicySource(path, ownPolicyFileOptions()).readNow()).toEqual({ status: 'read', values: { DeviceMode: 'kiosk' } });
  });

  it.skipIf(process.platform === 'win32')('is not used when its group or any user may write it, or its folder', async () => {
    writeAsIt('{"ProviderBaseUrl": "https://attacker.example"}');
    const source = new JsonFilePolicySource(path, ownPolicyFileOptions());
    chmodSync(path, 0o664);
    const groupWritable = unreadable(`The policy file ${path} is not used: it can be written by its group (mode 0664), so someone other than IT could have written it. Ask IT to chown root:root and chmod 644 the file.`);
    expect(source.readNow()).toEqual(groupWritable);
    expect(await source.read()).toEqual(groupWritable);
    chmodSync(path, 0o646);
    expect(source.readNow()).toEqual(unreadable(`The policy file ${path} is not used: it can be written by any user (mode 0646), so someone other than IT could have written it. Ask IT to chown root:root and chmod 644 the file.`));

    chmodSync(path, 0o644);
    chmodSync(etc, 0o775);
    const folderWritable = unreadable(`The policy file ${path} is not used: its folder ${etc} can be written by its group (mode 0775), so someone other than IT could have written it. Ask IT to chown root and chmod go-w ${etc}.`);
    expect(source.readNow()).toEqual(folderWritable);
    expect(await source.read()).toEqual(folderWritable);
    // A shared folder with the sticky bit (like /tmp): no one but the file's owner may rename or delete it there.
    chmodSync(etc, 0o1777);
    expect(source.readNow()).toEqual({ status: 'read', values: { ProviderBaseUrl: 'https://attacker.example' } });
    chmodSync(etc, 0o755);

    // A link to a file in a folder anyone may write: where it leads is checked too.
    const shared = join(dir, 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o777);
    writeFileSync(join(shared, 'real.json'), '{}');
    chmodSync(join(shared, 'real.json'), 0o644);
    const linked = join(etc, 'linked.json');
    symlinkSync(join(shared, 'real.json'), linked);
    expect(new JsonFilePolicySource(linked, ownPolicyFileOptions()).readNow()).toEqual(
      unreadable(`The policy file ${linked} is not used: its folder ${shared} can be written by any user (mode 0777), so someone other than IT could have written it. Ask IT to chown root and chmod go-w ${shared}.`),
    );
  });

  it.skipIf(process.platform === 'win32')('is not used when anyone but root owns it or its folder, unless a test trusts its own user', async () => {
    writeAsIt('{"UpdateFeedUrl": "https://attacker.example/feed"}');
    const ownedBy = (owner: number, what: string, fix: string) =>
      unreadable(`The policy file ${path} is not used: ${what} is owned by user id ${owner}, not root, so someone other than IT could have written it. Ask IT to ${fix}.`);
    // Any owner but the trusted ones is refused, whoever runs the tests.
    expect(await new JsonFilePolicySource(path, { trustedOwners: [uid + 1] }).read()).toEqual(ownedBy(uid, 'it', 'chown root:root and chmod 644 the file'));
    // IT's file may belong to root only: a file of the kiosk's own user is refused by default.
    const stranger = uid === 0 ? 65534 : uid;
    if (uid === 0) chownSync(path, stranger, stranger);
    expect(new JsonFilePolicySource(path).readNow()).toEqual(ownedBy(stranger, 'it', 'chown root:root and chmod 644 the file'));
    if (uid === 0) {
      chownSync(path, 0, 0);
      chownSync(etc, stranger, stranger);
      expect(new JsonFilePolicySource(path).readNow()).toEqual(ownedBy(stranger, `its folder ${etc}`, `chown root and chmod go-w ${etc}`));
      chownSync(etc, 0, 0);
      expect(new JsonFilePolicySource(path).readNow()).toEqual({ status: 'read', values: { UpdateFeedUrl: 'https://attacker.example/feed' } });
    }
  });
});

describe('the OS’s own source', () => {
  it('is the registry on Windows, managed preferences on macOS and /etc elsewhere', () => {
    expect(osPolicySource('win32').location).toBe('HKEY_LOCAL_MACHINE\\Software\\Policies\\Teamified\\Kiosk');
    expect(osPolicySource('darwin', 'alice').location).toBe('/Library/Managed Preferences/com.teamified.kiosk.plist (over /Library/Managed Preferences/alice/com.teamified.kiosk.plist)');
    expect(osPolicySource('darwin', null).location).toBe('/Library/Managed Preferences/com.teamified.kiosk.plist');
    expect(osPolicySource('linux').location).toBe('/etc/teamified-kiosk/policy.json');
  });
});
