import type { AppOverrides } from '../../src-main/app/create-app';

/**
 * The kiosk watch (src-main/kiosk-watch) as it would see a clean kiosk: no
 * prohibited program running, a physical machine, a local session. Tests
 * and benchmarks run on whatever machine CI gives them (a virtual one, with
 * any programs open), and what it runs must not lock their sittings or add
 * events to their interviews; the watch's own tests give it what to see.
 */
export const quietKioskWatch: NonNullable<AppOverrides['kioskWatch']> = {
  processes: { listProcessNames: () => Promise.resolve([]) },
  machine: { virtualMachine: () => Promise.resolve(null), remoteSession: () => Promise.resolve(null) },
};
