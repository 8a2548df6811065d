import { readFile } from 'node:fs/promises';
import { runCommand, type RunCommand } from './run-command';

/**
 * What the kiosk's computer is, as far as it matters to a sitting: a
 * virtual machine (its host can run anything the kiosk cannot see), or used
 * through a remote session (the screen and keyboard may be elsewhere). Each
 * finding carries its evidence: what was read and what it said.
 */
export interface MachineFinding {
  kind: 'virtual_machine' | 'remote_session';
  details: { source: string; value: string } & Record<string, string>;
}

/** Each answers null when nothing was found; rejects only when the check itself could not run. */
export interface MachineProbe {
  virtualMachine(): Promise<MachineFinding | null>;
  remoteSession(): Promise<MachineFinding | null>;
}

export interface NodeMachineProbeOptions {
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
  run?: RunCommand;
  /** Reads a small system file; null when it is missing or unreadable. */
  readText?: (path: string) => Promise<string | null>;
}

/** Evidence is a line for a person, not a file: values are cut to this. */
const MAX_VALUE_CHARS = 200;

/** Hardware names that only virtual machines give, with the name the evidence uses. */
const VM_VENDORS: ReadonlyArray<[RegExp, string]> = [
  [/vmware/i, 'VMware'],
  [/virtualbox|innotek/i, 'VirtualBox'],
  [/parallels/i, 'Parallels'],
  [/qemu/i, 'QEMU'],
  [/\bkvm\b/i, 'KVM'],
  [/bochs/i, 'Bochs'],
  [/\bxen\b|hvm domu/i, 'Xen'],
  [/virtualmac/i, 'Apple Virtualization'],
  [/amazon ec2/i, 'Amazon EC2'],
  [/google compute engine/i, 'Google Compute Engine'],
];

/** The vendor a hardware name belongs to; Hyper-V calls itself a Microsoft "Virtual Machine". */
export function vmVendorOf(manufacturer: string, product: string): string | null {
  if (/microsoft/i.test(manufacturer) && /virtual machine/i.test(product)) return 'Hyper-V';
  for (const [pattern, vendor] of VM_VENDORS) if (pattern.test(manufacturer) || pattern.test(product)) return vendor;
  return null;
}

/**
 * Reads, never changes, and never blocks anything:
 *
 * - virtual machine: Linux `systemd-detect-virt --vm` where installed (it
 *   leaves containers out), else /sys/class/dmi/id/sys_vendor and
 *   product_name; macOS `sysctl kern.hv_vmm_present` and `hw.model`;
 *   Windows the BIOS's SystemManufacturer and SystemProductName in the
 *   registry (`reg query`, faster than starting PowerShell, and still there
 *   where wmic is gone);
 * - remote session: an SSH login (SSH_CONNECTION, SSH_CLIENT, SSH_TTY), on
 *   Windows a Remote Desktop session (SESSIONNAME "RDP-…"), on Linux an
 *   xrdp session (XRDP_SESSION) or an X display on another host
 *   (DISPLAY=host:0, as SSH's X forwarding gives). A remote Wayland session
 *   and macOS Screen Sharing cannot be told from the environment; the
 *   process list has the screen-sharing servers.
 */
export function nodeMachineProbe(options: NodeMachineProbeOptions = {}): MachineProbe {
  const platform = options.platform ?? process.platform;
  const env = options.env ?? process.env;
  const run = options.run ?? runCommand;
  const readText = options.readText ?? readTextOrNull;

  async function linuxVm(): Promise<MachineFinding | null> {
    let detected: { stdout: string; exitCode: number } | null = null;
    try {
      detected = await run('systemd-detect-virt', ['--vm']);
    } catch {
      // Not installed (no systemd): the DMI names say as much.
    }
    if (detected) {
      const value = detected.stdout.trim();
      // Exit 0 with a name is a virtual machine; exit 1 with "none" is not.
      if (detected.exitCode === 0 && value && value !== 'none') return vm(value, 'systemd-detect-virt --vm', value);
      if (value === 'none') return null;
    }
    const vendorFile = '/sys/class/dmi/id/sys_vendor';
    const productFile = '/sys/class/dmi/id/product_name';
    const [manufacturer, product] = await Promise.all([readText(vendorFile), readText(productFile)]);
    const vendor = vmVendorOf(manufacturer ?? '', product ?? '');
    if (!vendor) return null;
    return vm(vendor, `${vendorFile}, ${productFile}`, [manufacturer, product].map((text) => text?.trim() ?? '').join(', '));
  }

  async function macVm(): Promise<MachineFinding | null> {
    const [hypervisor, model] = await Promise.all([sysctl('kern.hv_vmm_present'), sysctl('hw.model')]);
    const vendor = vmVendorOf('', model ?? '');
    if (hypervisor !== '1' && !vendor) return null;
    return vm(vendor ?? 'a hypervisor', 'sysctl kern.hv_vmm_present, hw.model', `${hypervisor ?? 'unknown'}, ${model ?? 'unknown'}`);
  }

  async function sysctl(name: string): Promise<string | null> {
    // Older macOS has no kern.hv_vmm_present: sysctl then exits non-zero, which says nothing either way.
    const result = await run('sysctl', ['-n', name]);
    return result.exitCode === 0 ? result.stdout.trim() : null;
  }

  async function windowsVm(): Promise<MachineFinding | null> {
    const key = 'HKLM\\HARDWARE\\DESCRIPTION\\System\\BIOS';
    const result = await run('reg', ['query', key]);
    if (result.exitCode !== 0) throw new Error(`reg query ${key} exited with code ${result.exitCode}`);
    const values = registryValues(result.stdout);
    const manufacturer = values.get('SystemManufacturer') ?? '';
    const product = values.get('SystemProductName') ?? '';
    const vendor = vmVendorOf(manufacturer, product);
    return vendor ? vm(vendor, `${key} SystemManufacturer, SystemProductName`, `${manufacturer}, ${product}`) : null;
  }

  return {
    async virtualMachine() {
      if (platform === 'linux') return linuxVm();
      if (platform === 'darwin') return macVm();
      if (platform === 'win32') return windowsVm();
      return null;
    },
    async remoteSession() {
      for (const name of ['SSH_CONNECTION', 'SSH_CLIENT', 'SSH_TTY']) {
        const value = env[name]?.trim();
        if (value) return remote('SSH', name, value);
      }
      if (platform === 'win32') {
        const session = env['SESSIONNAME']?.trim();
        if (session && /^RDP-/i.test(session)) return remote('Remote Desktop', 'SESSIONNAME', session);
      }
      if (platform === 'linux') {
        const xrdp = env['XRDP_SESSION']?.trim();
        if (xrdp) return remote('xrdp', 'XRDP_SESSION', xrdp);
        const display = env['DISPLAY']?.trim();
        if (display && isRemoteXDisplay(display)) return remote('a remote X display', 'DISPLAY', display);
      }
      return null;
    },
  };
}

/** "localhost:10.0" (SSH's X forwarding) or "10.0.0.7:0": a display served over the network. ":0" and "unix:0" are this computer's own. */
export function isRemoteXDisplay(display: string): boolean {
  const colon = display.lastIndexOf(':');
  if (colon <= 0) return false;
  const host = display.slice(0, colon);
  return host !== 'unix' && !host.startsWith('/');
}

/** `reg query` prints `    Name    REG_SZ    Value` lines under the key. */
export function registryValues(stdout: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of stdout.split(/\r?\n/)) {
    const match = /^\s+(\S+)\s+REG_\w+\s+(.*?)\s*$/.exec(line);
    if (match) values.set(match[1]!, match[2]!);
  }
  return values;
}

function vm(vendor: string, source: string, value: string): MachineFinding {
  return { kind: 'virtual_machine', details: { vendor, source, value: clip(value) } };
}

function remote(via: string, source: string, value: string): MachineFinding {
  return { kind: 'remote_session', details: { via, source, value: clip(value) } };
}

function clip(value: string): string {
  return value.length > MAX_VALUE_CHARS ? `${value.slice(0, MAX_VALUE_CHARS - 1)}…` : value;
}

async function readTextOrNull(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return null;
  }
}
