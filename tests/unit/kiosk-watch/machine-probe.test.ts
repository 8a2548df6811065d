import { describe, expect, it } from 'vitest';
import { isRemoteXDisplay, nodeMachineProbe, registryValues, vmVendorOf } from '../../../src-main/kiosk-watch/machine-probe';
import type { CommandResult, RunCommand } from '../../../src-main/kiosk-watch/run-command';

/** Commands answered from a table ("file arg arg" → answer); anything else is missing, as on a computer without it. */
function commands(table: Record<string, Partial<CommandResult> | Error>) {
  const asked: string[] = [];
  const run: RunCommand = async (file, args) => {
    const line = [file, ...args].join(' ');
    asked.push(line);
    const answer = table[line];
    if (!answer) throw new Error(`spawn ${file} ENOENT`);
    if (answer instanceof Error) throw answer;
    return { stdout: answer.stdout ?? '', exitCode: answer.exitCode ?? 0 };
  };
  return { run, asked };
}

function files(table: Record<string, string>) {
  const read: string[] = [];
  return { read, readText: async (path: string) => (read.push(path), table[path] ?? null) };
}

const DMI_VENDOR = '/sys/class/dmi/id/sys_vendor';
const DMI_PRODUCT = '/sys/class/dmi/id/product_name';

describe('is the kiosk a virtual machine', () => {
  it('Linux: believes systemd-detect-virt, and says what it printed', async () => {
    const dmi = files({ [DMI_VENDOR]: 'Dell Inc.\n' });
    const probe = nodeMachineProbe({ platform: 'linux', run: commands({ 'systemd-detect-virt --vm': { stdout: 'kvm\n' } }).run, readText: dmi.readText });
    expect(await probe.virtualMachine()).toEqual({ kind: 'virtual_machine', details: { vendor: 'kvm', source: 'systemd-detect-virt --vm', value: 'kvm' } });
    expect(dmi.read).toEqual([]);
  });

  it('Linux: takes its "none" for an answer', async () => {
    const dmi = files({ [DMI_VENDOR]: 'QEMU\n' });
    const probe = nodeMachineProbe({ platform: 'linux', run: commands({ 'systemd-detect-virt --vm': { stdout: 'none\n', exitCode: 1 } }).run, readText: dmi.readText });
    expect(await probe.virtualMachine()).toBeNull();
    expect(dmi.read).toEqual([]);
  });

  it('Linux without systemd: reads the DMI names', async () => {
    const vmware = files({ [DMI_VENDOR]: 'VMware, Inc.\n', [DMI_PRODUCT]: 'VMware Virtual Platform\n' });
    expect(await nodeMachineProbe({ platform: 'linux', run: commands({}).run, readText: vmware.readText }).virtualMachine()).toEqual({
      kind: 'virtual_machine',
      details: { vendor: 'VMware', source: `${DMI_VENDOR}, ${DMI_PRODUCT}`, value: 'VMware, Inc., VMware Virtual Platform' },
    });
    const hyperV = files({ [DMI_VENDOR]: 'Microsoft Corporation\n', [DMI_PRODUCT]: 'Virtual Machine\n' });
    expect((await nodeMachineProbe({ platform: 'linux', run: commands({}).run, readText: hyperV.readText }).virtualMachine())?.details['vendor']).toBe('Hyper-V');
    const laptop = files({ [DMI_VENDOR]: 'LENOVO\n', [DMI_PRODUCT]: '20XW0055UK\n' });
    expect(await nodeMachineProbe({ platform: 'linux', run: commands({}).run, readText: laptop.readText }).virtualMachine()).toBeNull();
    // No DMI at all (a container, an ARM board): nothing to say.
    expect(await nodeMachineProbe({ platform: 'linux', run: commands({}).run, readText: files({}).readText }).virtualMachine()).toBeNull();
  });

  it('macOS: the hypervisor flag and the model', async () => {
    const vm = commands({ 'sysctl -n kern.hv_vmm_present': { stdout: '1\n' }, 'sysctl -n hw.model': { stdout: 'VirtualMac2,1\n' } });
    expect(await nodeMachineProbe({ platform: 'darwin', run: vm.run }).virtualMachine()).toEqual({
      kind: 'virtual_machine',
      details: { vendor: 'Apple Virtualization', source: 'sysctl kern.hv_vmm_present, hw.model', value: '1, VirtualMac2,1' },
    });
    // An older macOS without the flag still tells a VMware model.
    const older = commands({ 'sysctl -n kern.hv_vmm_present': { exitCode: 1 }, 'sysctl -n hw.model': { stdout: 'VMware7,1\n' } });
    expect((await nodeMachineProbe({ platform: 'darwin', run: older.run }).virtualMachine())?.details).toMatchObject({ vendor: 'VMware', value: 'unknown, VMware7,1' });
    const mac = commands({ 'sysctl -n kern.hv_vmm_present': { stdout: '0\n' }, 'sysctl -n hw.model': { stdout: 'Mac14,2\n' } });
    expect(await nodeMachineProbe({ platform: 'darwin', run: mac.run }).virtualMachine()).toBeNull();
  });

  it("Windows: the BIOS's names in the registry", async () => {
    const key = 'HKLM\\HARDWARE\\DESCRIPTION\\System\\BIOS';
    const registry = (manufacturer: string, product: string) =>
      commands({
        [`reg query ${key}`]: {
          stdout: `\r\n${key}\r\n    BIOSVendor    REG_SZ    Phoenix Technologies LTD\r\n    SystemManufacturer    REG_SZ    ${manufacturer}\r\n    SystemProductName    REG_SZ    ${product}\r\n\r\n`,
        },
      }).run;
    expect(await nodeMachineProbe({ platform: 'win32', run: registry('innotek GmbH', 'VirtualBox') }).virtualMachine()).toEqual({
      kind: 'virtual_machine',
      details: { vendor: 'VirtualBox', source: `${key} SystemManufacturer, SystemProductName`, value: 'innotek GmbH, VirtualBox' },
    });
    expect(await nodeMachineProbe({ platform: 'win32', run: registry('Dell Inc.', 'OptiPlex 7090') }).virtualMachine()).toBeNull();
    await expect(nodeMachineProbe({ platform: 'win32', run: commands({ [`reg query ${key}`]: { exitCode: 1 } }).run }).virtualMachine()).rejects.toThrow('exited with code 1');
  });

  it('knows the vendors by their hardware names', () => {
    expect(vmVendorOf('QEMU', 'Standard PC (Q35 + ICH9, 2009)')).toBe('QEMU');
    expect(vmVendorOf('Xen', 'HVM domU')).toBe('Xen');
    expect(vmVendorOf('Parallels Software International Inc.', 'Parallels Virtual Platform')).toBe('Parallels');
    expect(vmVendorOf('Microsoft Corporation', 'Surface Laptop 5')).toBeNull();
    expect(vmVendorOf('Xenon Systems', 'Workstation')).toBeNull();
    expect(registryValues('    SystemManufacturer    REG_SZ    VMware, Inc.  \r\n').get('SystemManufacturer')).toBe('VMware, Inc.');
  });
});

describe('is the kiosk used through a remote session', () => {
  const remote = (platform: NodeJS.Platform, env: NodeJS.ProcessEnv) => nodeMachineProbe({ platform, env, run: commands({}).run }).remoteSession();

  it('an SSH login, on every OS', async () => {
    expect(await remote('darwin', { SSH_CONNECTION: '10.0.0.5 53422 10.0.0.9 22' })).toEqual({
      kind: 'remote_session',
      details: { via: 'SSH', source: 'SSH_CONNECTION', value: '10.0.0.5 53422 10.0.0.9 22' },
    });
    expect((await remote('linux', { SSH_TTY: '/dev/pts/0' }))?.details).toMatchObject({ source: 'SSH_TTY' });
  });

  it('Windows: a Remote Desktop session, not the console', async () => {
    expect((await remote('win32', { SESSIONNAME: 'RDP-Tcp#3' }))?.details).toEqual({ via: 'Remote Desktop', source: 'SESSIONNAME', value: 'RDP-Tcp#3' });
    expect(await remote('win32', { SESSIONNAME: 'Console' })).toBeNull();
    expect(await remote('linux', { SESSIONNAME: 'RDP-Tcp#3' })).toBeNull();
  });

  it('Linux: xrdp, or an X display on another host', async () => {
    expect((await remote('linux', { XRDP_SESSION: '1', DISPLAY: ':10' }))?.details).toMatchObject({ via: 'xrdp' });
    expect((await remote('linux', { DISPLAY: 'localhost:10.0' }))?.details).toEqual({ via: 'a remote X display', source: 'DISPLAY', value: 'localhost:10.0' });
    expect(await remote('linux', { DISPLAY: ':0', WAYLAND_DISPLAY: 'wayland-0' })).toBeNull();
    expect(await remote('linux', {})).toBeNull();
  });

  it('tells a local X display from a remote one', () => {
    expect([':0', ':1.0', 'unix:0', '/private/tmp/com.apple.launchd.x/org.xquartz:0', ''].map(isRemoteXDisplay)).toEqual([false, false, false, false, false]);
    expect(['localhost:10.0', '192.168.1.20:0', 'kiosk-host:0.0'].map(isRemoteXDisplay)).toEqual([true, true, true]);
  });

  it('keeps evidence to a readable length', async () => {
    const found = await remote('linux', { SSH_CONNECTION: 'x'.repeat(1000) });
    expect(found!.details.value.length).toBeLessThanOrEqual(200);
  });
});
