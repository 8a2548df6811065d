import { describe, expect, it } from 'vitest';
import { KeptSession } from '../../../src-main/sync/kept-session';
import { SyncError } from '../../../src-main/sync/sync-errors';
import type { SyncSession } from '../../../src-main/sync/sync-transport';

/**
 * Connections that answer hello() as the script says: 'ok', 'lost' (the
 * connection dies under the call, as PgSyncSession reports it: onLost,
 * then an offline error), or a SyncError the server raised.
 */
function connections(script: (connection: number, call: number) => 'ok' | 'lost' | SyncError) {
  const opened: { closed: boolean }[] = [];
  const open = async (onLost: () => void): Promise<SyncSession> => {
    const index = opened.length;
    const state = { closed: false };
    opened.push(state);
    let calls = 0;
    await Promise.resolve();
    return {
      hello: async () => {
        const step = script(index, calls++);
        if (step === 'lost') {
          onLost();
          throw new SyncError('offline', 'The connection to the hosted database was lost (test).');
        }
        if (step instanceof SyncError) throw step;
        return { connection: index };
      },
      close: async () => {
        state.closed = true;
      },
    } as unknown as SyncSession;
  };
  return { opened, open };
}

describe('the kept session', () => {
  it('opens one connection for concurrent first uses and keeps it for later ones', async () => {
    const { opened, open } = connections(() => 'ok');
    const kept = new KeptSession({ open, idleMs: 60_000 });
    await Promise.all([kept.lease().hello(), kept.lease().hello(), kept.lease().hello()]);
    await kept.lease().hello();
    expect(opened).toHaveLength(1);
    await kept.close();
    expect(opened[0]!.closed).toBe(true);
  });

  it('sends a call once more on a new connection when the reused one is gone, and only once per use', async () => {
    const { opened, open } = connections((connection, call) => (connection === 0 && call === 1 ? 'lost' : 'ok'));
    const kept = new KeptSession({ open, idleMs: 60_000 });
    await kept.lease().hello();
    expect(await kept.lease().hello()).toEqual({ connection: 1 });
    expect(opened).toHaveLength(2);

    const again = connections((connection, call) => (connection === 0 && call === 0 ? 'ok' : 'lost'));
    const flaky = new KeptSession({ open: again.open, idleMs: 60_000 });
    await flaky.lease().hello();
    await expect(flaky.lease().hello()).rejects.toMatchObject({ kind: 'offline' });
    await flaky.close();
  });

  it('does not resend when a connection just opened is lost (the network is down now), nor when the server refused', async () => {
    const lostAtOnce = connections(() => 'lost');
    const kept = new KeptSession({ open: lostAtOnce.open, idleMs: 60_000 });
    await expect(kept.lease().hello()).rejects.toMatchObject({ kind: 'offline' });
    expect(lostAtOnce.opened).toHaveLength(1);

    const refused = connections((_connection, call) => (call === 1 ? new SyncError('bad_request', 'no') : 'ok'));
    const keptRefused = new KeptSession({ open: refused.open, idleMs: 60_000 });
    await keptRefused.lease().hello();
    await expect(keptRefused.lease().hello()).rejects.toMatchObject({ kind: 'bad_request' });
    await keptRefused.lease().hello();
    expect(refused.opened).toHaveLength(1);
    await keptRefused.close();
  });

  it('closes the connection when the device is refused as revoked, and after the idle time', async () => {
    const revoked = connections((_connection, call) => (call === 1 ? new SyncError('revoked', 'revoked') : 'ok'));
    const kept = new KeptSession({ open: revoked.open, idleMs: 60_000 });
    await kept.lease().hello();
    await expect(kept.lease().hello()).rejects.toMatchObject({ kind: 'revoked' });
    expect(revoked.opened[0]!.closed).toBe(true);

    const idle = connections(() => 'ok');
    const idling = new KeptSession({ open: idle.open, idleMs: 20 });
    await idling.lease().hello();
    expect(idle.opened[0]!.closed).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(idle.opened[0]!.closed).toBe(true);
    await idling.lease().hello();
    expect(idle.opened).toHaveLength(2);
    await idling.close();
  });

  it('a lease can be awaited, and its close() leaves the connection open; after close() nothing opens', async () => {
    const { opened, open } = connections(() => 'ok');
    const kept = new KeptSession({ open, idleMs: 60_000 });
    const lease = await Promise.resolve(kept.lease());
    await lease.hello();
    await lease.close();
    expect(opened[0]!.closed).toBe(false);
    await kept.close();
    await expect(kept.lease().hello()).rejects.toMatchObject({ kind: 'offline' });
    expect(opened).toHaveLength(1);
  });
});
