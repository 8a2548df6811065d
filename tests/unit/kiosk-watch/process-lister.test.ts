import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { argv0Name, linuxProcessNames, nodeProcessLister, psNames, tasklistNames } from '../../../src-main/kiosk-watch/process-lister';
import { runCommand, type RunCommand } from '../../../src-main/kiosk-watch/run-command';

/** A `run` that answers as the test says, remembering what it was asked to run. */
function fakeRun(answer: { stdout?: string; exitCode?: number } | Error) {
  const calls: Array<[string, readonly string[]]> = [];
  const run: RunCommand = async (file, args) => {
    calls.push([file, args]);
    if (answer instanceof Error) throw answer;
    return { stdout: answer.stdout ?? '', exitCode: answer.exitCode ?? 0 };
  };
  return { run, calls };
}

describe('reading the process list on each OS', () => {
  it('Windows: the image names from tasklist, run without a shell', async () => {
    const { run, calls } = fakeRun({
      stdout: [
        '"System Idle Process","0","Services","0","8 K"',
        '"explorer.exe","4120","Console","1","98,412 K"',
        '"Zoom.exe","7788","Console","1","180,004 K"',
        '"Zoom.exe","7790","Console","1","40,000 K"',
        '"Teamified Kiosk.exe","9001","Console","1","120,000 K"',
        '',
      ].join('\r\n'),
    });
    const names = await nodeProcessLister({ platform: 'win32', run }).listProcessNames();
    expect(calls).toEqual([['tasklist', ['/fo', 'csv', '/nh']]]);
    expect(names).toEqual(['System Idle Process', 'explorer.exe', 'Zoom.exe', 'Teamified Kiosk.exe']);
  });

  it('macOS: the base names of ps -axo comm=, folders with spaces included', async () => {
    const { run, calls } = fakeRun({
      stdout: '/sbin/launchd\n/Applications/zoom.us.app/Contents/MacOS/zoom.us\n/Applications/Teamified Kiosk.app/Contents/MacOS/Teamified Kiosk\nloginwindow\n\n',
    });
    expect(await nodeProcessLister({ platform: 'darwin', run }).listProcessNames()).toEqual(['launchd', 'zoom.us', 'Teamified Kiosk', 'loginwindow']);
    expect(calls).toEqual([['ps', ['-axo', 'comm=']]]);
  });

  it('fails, with the program and its exit code, when the list could not be read', async () => {
    await expect(nodeProcessLister({ platform: 'darwin', run: fakeRun({ exitCode: 1 }).run }).listProcessNames()).rejects.toThrow('ps exited with code 1');
    await expect(nodeProcessLister({ platform: 'win32', run: fakeRun(new Error('spawn tasklist ENOENT')).run }).listProcessNames()).rejects.toThrow('ENOENT');
  });

  it('parses what tasklist and ps print, and nothing else', () => {
    expect(tasklistNames('INFO: No tasks are running which match the specified criteria.\r\n')).toEqual([]);
    expect(psNames('')).toEqual([]);
  });
});

describe('Linux /proc', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function proc(entries: Record<string, { comm?: string; cmdline?: string }>): string {
    dir = mkdtempSync(join(tmpdir(), 'kiosk-proc-'));
    for (const [pid, files] of Object.entries(entries)) {
      mkdirSync(join(dir, pid));
      if (files.comm !== undefined) writeFileSync(join(dir, pid, 'comm'), files.comm);
      if (files.cmdline !== undefined) writeFileSync(join(dir, pid, 'cmdline'), files.cmdline);
    }
    mkdirSync(join(dir, 'sys'));
    writeFileSync(join(dir, 'uptime'), '1 2');
    return dir;
  }

  it('reads comm and the full name from cmdline, skipping what it cannot read', async () => {
    const procDir = proc({
      '1': { comm: 'systemd\n', cmdline: '/sbin/init\0splash\0' },
      // comm is cut to 15 characters; argv[0] has the whole name.
      '200': { comm: 'chrome-remote-d\n', cmdline: '/opt/google/chrome-remote-desktop/chrome-remote-desktop-host\0--start\0' },
      // Chromium's rewritten cmdline: where argv[0] ends cannot be told, comm has the name.
      '300': { comm: 'chromium\n', cmdline: '/usr/lib/chromium/chromium --type=renderer --lang=en-GB' },
      '301': { comm: 'teamified-kiosk\n', cmdline: '/opt/Teamified Kiosk/teamified-kiosk --type=gpu-process' },
      // A kernel thread has no cmdline; a process that ended has no files.
      '2': { comm: 'kthreadd\n', cmdline: '' },
      '999': {},
    });
    expect((await linuxProcessNames(procDir)).sort()).toEqual(['chrome-remote-d', 'chrome-remote-desktop-host', 'chromium', 'init', 'kthreadd', 'systemd', 'teamified-kiosk'].sort());
  });

  it('fails when there is no /proc to read', async () => {
    await expect(linuxProcessNames(join(tmpdir(), 'no-such-proc-folder-for-kiosk-tests'))).rejects.toThrow(/ENOENT/);
    dir = mkdtempSync(join(tmpdir(), 'kiosk-proc-'));
  });

  it('takes argv[0] only where it can be told apart', () => {
    expect(argv0Name('/usr/bin/python3\0/opt/tool.py\0')).toBe('python3');
    expect(argv0Name('/opt/My Apps/Thing\0--flag\0')).toBe('Thing');
    expect(argv0Name('/opt/My Apps/Thing --flag')).toBeNull();
    expect(argv0Name('anydesk')).toBe('anydesk');
    expect(argv0Name('')).toBeNull();
  });

  it.runIf(process.platform === 'linux')('lists this very process on this computer', async () => {
    const names = await nodeProcessLister().listProcessNames();
    expect(names).toContain(readFileSync('/proc/self/comm', 'utf8').trim());
  });
});

describe('running a program for the watch', () => {
  it('answers with the output and the exit code, a failing one included', async () => {
    expect(await runCommand(process.execPath, ['-e', 'process.stdout.write("hello")'])).toEqual({ stdout: 'hello', exitCode: 0 });
    expect(await runCommand(process.execPath, ['-e', 'process.stdout.write("none"); process.exit(1)'])).toEqual({ stdout: 'none', exitCode: 1 });
  });

  it('never goes through a shell: an argument is only an argument', async () => {
    const { stdout } = await runCommand(process.execPath, ['-e', 'process.stdout.write(process.argv[1])', '$(echo hi); echo injected']);
    expect(stdout).toBe('$(echo hi); echo injected');
  });

  it('rejects, naming the command, when the program does not exist', async () => {
    await expect(runCommand('no-such-program-for-the-kiosk-watch', ['--vm'])).rejects.toThrow('`no-such-program-for-the-kiosk-watch --vm` could not be run');
  });
});
