import { createApp, type App } from '../../src-main/app/create-app';
import type { FromCore } from '../../src-main/ipc/core-protocol';
import { serveCore } from '../../src-main/core-host/serve-core';
import { LoopWatch } from './loop-watch';
import { isBenchRequest, type BenchReply, type BenchRequest } from './bench-messages';
import { watchApplier } from './kiosk-driver';

/**
 * The kiosk's core in a process of its own, for bench:main-thread: the
 * product's serveCore (src-main/core-host/serve-core.ts) over Node's IPC
 * channel, as src-main/core-host/core-main.ts serves it, plus the
 * benchmark's own controls (settle the interview, time the pull, watch this
 * loop), which travel beside the core's messages and never reach it.
 */
const send = process.send?.bind(process);
if (!send) throw new Error('core-child.ts is forked by bench/main-thread/core-apart.ts, with an IPC channel.');

let app: App | null = null;
let pull: ReturnType<typeof watchApplier> | null = null;
let loop: LoopWatch | null = null;
const coreListeners: ((message: unknown) => void)[] = [];

process.on('message', (message: unknown) => {
  if (isBenchRequest(message)) void answer(message);
  else for (const listener of coreListeners) listener(message);
});

async function answer(request: BenchRequest): Promise<void> {
  const reply = (value: unknown, error?: string): void => void send!({ bench: true, id: request.id, value, error } satisfies BenchReply);
  try {
    if (!app) throw new Error('the core is not ready');
    const sync = app.services.sync;
    switch (request.op) {
      case 'idle':
        return reply(await app.services.interviews.idle());
      case 'syncNow': {
        const status = await sync.syncNow();
        return reply({ state: status.state, lastError: status.lastError, pendingChanges: status.pendingChanges });
      }
      case 'resetPullCursor':
        return reply(sync.applier.resetCursor());
      case 'watchPull':
        pull?.restore();
        pull = watchApplier(sync.applier);
        return reply(null);
      case 'pullFigures': {
        const figures = pull?.figures ?? { transactionMs: [], rows: 0, pages: 0 };
        pull?.restore();
        pull = null;
        return reply(figures);
      }
      case 'watchLoop':
        loop = new LoopWatch();
        loop.start();
        return reply(null);
      case 'loopFigures': {
        const figures = loop ? await loop.stop() : null;
        loop = null;
        return reply(figures && { loopP99: figures.loopP99, loopMax: figures.loopMax });
      }
    }
  } catch (error) {
    reply(null, error instanceof Error ? error.message : String(error));
  }
}

serveCore({
  port: {
    postMessage: (message: FromCore) => void send(message),
    onMessage: (listener) => void coreListeners.push(listener),
    onDisconnect: (listener) => process.once('disconnect', listener),
  },
  exit(code) {
    process.exitCode = code;
    setTimeout(() => process.exit(code), 1000);
  },
  createApp: (options) => (app = createApp(options)),
});
