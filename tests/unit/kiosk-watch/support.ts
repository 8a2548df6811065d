import type { WatchTimers } from '../../../src-main/kiosk-watch/kiosk-watch';
import type { MachineFinding, MachineProbe } from '../../../src-main/kiosk-watch/machine-probe';
import type { ProcessLister } from '../../../src-main/kiosk-watch/process-lister';

/** A process list the test sets: names, or an error to fail with. */
export class FakeProcessLister implements ProcessLister {
  calls = 0;
  constructor(public running: string[] | Error = []) {}
  async listProcessNames(): Promise<string[]> {
    this.calls++;
    if (this.running instanceof Error) throw this.running;
    return [...this.running];
  }
}

/** Machine checks that find what the test says, counting how often each was asked. */
export class FakeMachineProbe implements MachineProbe {
  calls = { virtualMachine: 0, remoteSession: 0 };
  constructor(
    public vm: MachineFinding | null | Error = null,
    public remote: MachineFinding | null | Error = null,
  ) {}
  async virtualMachine(): Promise<MachineFinding | null> {
    this.calls.virtualMachine++;
    if (this.vm instanceof Error) throw this.vm;
    return this.vm;
  }
  async remoteSession(): Promise<MachineFinding | null> {
    this.calls.remoteSession++;
    if (this.remote instanceof Error) throw this.remote;
    return this.remote;
  }
}

export const vmwareFinding: MachineFinding = {
  kind: 'virtual_machine',
  details: { vendor: 'VMware', source: '/sys/class/dmi/id/sys_vendor, /sys/class/dmi/id/product_name', value: 'VMware, Inc., VMware Virtual Platform' },
};
export const sshFinding: MachineFinding = { kind: 'remote_session', details: { via: 'SSH', source: 'SSH_CONNECTION', value: '10.0.0.5 53422 10.0.0.9 22' } };

/** Timers run by hand: `fire()` runs the pending round and resolves once the watch has asked for the next. */
export class ManualTimers implements WatchTimers {
  pending: { ms: number; run: () => void } | null = null;
  private waiting: Array<() => void> = [];

  after(ms: number, run: () => void): () => void {
    const timer = { ms, run };
    this.pending = timer;
    for (const wake of this.waiting.splice(0)) wake();
    return () => {
      if (this.pending === timer) this.pending = null;
    };
  }

  async fire(): Promise<void> {
    const timer = this.pending;
    if (!timer) throw new Error('no timer is pending');
    this.pending = null;
    const next = new Promise<void>((resolve) => this.waiting.push(resolve));
    timer.run();
    await next;
  }
}
