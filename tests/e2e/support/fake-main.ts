import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { channels, isChannelName, type ChannelName, type ChannelOutput, type EventName, type EventPayload, type ParsedInput, type SessionUser } from '../../../shared/ipc/contract';
import { inputByteLimit } from '../../../shared/ipc/channel';
import { systemClock, type Clock } from '../../../src-main/common/clock';
import { RateLimiter } from '../../../src-main/common/rate-limiter';
import { PER_WINDOW_LIMIT } from '../../../src-main/errors/renderer-errors';
import type { Result } from '../../../shared/ipc/result';
import { loadNotices } from '../../../src-main/consent/notices';
import { readStaticFile } from '../../../src-main/files/static-files';
import { openApp, type AppPage } from './browser';

/**
 * The built renderer against a scripted stand-in for main, for screens whose
 * hard cases (a failing text-to-speech, an AI outage, an answer main could
 * not understand) are awkward to bring about with the real services. The
 * page is the real bundle under the real CSP; only `window.kiosk` is fake,
 * installed before the page's scripts run, as the preload would.
 */

type Handler<C extends ChannelName> = (input: ParsedInput<C>) => Result<ChannelOutput<C>> | Promise<Result<ChannelOutput<C>>>;

export interface FakeMain {
  /** Answer `channel` with `handler` from now on. */
  handle<C extends ChannelName>(channel: C, handler: Handler<C>): void;
  emit<E extends EventName>(event: E, payload: EventPayload<E>): Promise<void>;
  /** Every call the page made, in order. */
  calls: { channel: ChannelName; input: unknown }[];
  callsTo<C extends ChannelName>(channel: C): ParsedInput<C>[];
}

const rendererDir = fileURLToPath(new URL('../../../out/renderer/', import.meta.url));

// The same policy the renderer's meta tag and the browser host's header carry.
const CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; " +
  "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export const fakeCandidate: SessionUser = {
  id: '00000000-0000-4000-8000-000000000001',
  kind: 'candidate',
  role: 'candidate',
  email: 'grace.okafor@example.com',
  fullName: 'Grace Okafor',
  expiresAt: '2999-01-01T00:00:00.000Z',
};

const ok = <T>(data: T): Result<T> => ({ ok: true, data });

export async function openWithFakeMain(browser: Browser): Promise<{ app: AppPage; main: FakeMain; close(): Promise<void> }> {
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    void readStaticFile(rendererDir, path === '/' ? '/index.html' : path).then((file) => {
      if (!file) return void response.writeHead(404).end();
      const headers: Record<string, string> = { 'content-type': file.type };
      if (file.type.startsWith('text/html')) headers['content-security-policy'] = CSP;
      response.writeHead(200, headers).end(file.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

  const handlers = new Map<ChannelName, Handler<ChannelName>>();
  const calls: FakeMain['calls'] = [];
  const main: FakeMain = {
    handle(channel, handler) {
      handlers.set(channel, handler as unknown as Handler<ChannelName>);
    },
    async emit(event, payload) {
      await app.page.evaluate(([name, body]) => (window as unknown as FakeWindow).__fakeMainEmit(name, body), [event, payload] as const);
    },
    calls,
    callsTo(channel) {
      return calls.filter((call) => call.channel === channel).map((call) => call.input) as never;
    },
  };
  main.handle('app.getStatus', () => ok({ mode: 'kiosk' as const, needsSetup: false, version: '0.0.0-test' }));
  main.handle('auth.getSession', () => ok({ user: fakeCandidate }));
  main.handle('auth.signOut', () => ok({ signedOut: true as const }));
  // The page reports what it does not handle (src-renderer/src/error-reporter.ts); a test can read them with callsTo('errors.report').
  main.handle('errors.report', fakeErrorReports());
  // This candidate agreed to the notice before (consent.test.ts shows it in the real app): the screens go on to the equipment check.
  main.handle('consent.notice', () => ok({ notice: loadNotices(fileURLToPath(new URL('../../../resources', import.meta.url))).en, answer: { choice: 'consent' as const, answeredAt: '2026-11-25T09:00:00.000Z' } }));

  const app = await openApp(browser, url, async (context) => {
    await context.exposeBinding('__fakeMainInvoke', async (_source, channel: ChannelName, input: unknown) => {
      calls.push({ channel, input });
      return answerAsMain(channel, input, handlers.get(channel));
    });
    await context.addInitScript(() => {
      type Listener = (payload: unknown) => void;
      const listeners = new Map<string, Set<Listener>>();
      const target = window as unknown as FakeWindow & { kiosk: unknown };
      target.__fakeMainEmit = (event, payload) => {
        for (const listener of listeners.get(event) ?? []) listener(payload);
      };
      target.kiosk = Object.freeze({
        invoke: (channel: string, input: unknown) => target.__fakeMainInvoke(channel, input),
        on: (event: string, listener: Listener) => {
          const set = listeners.get(event) ?? new Set<Listener>();
          set.add(listener);
          listeners.set(event, set);
          return () => set.delete(listener);
        },
      });
    });
  });
  return {
    app,
    main,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * `errors.report` as main answers it (src-main/errors/renderer-errors.ts):
 * a window's reports over PER_WINDOW_LIMIT (10 a minute) are dropped,
 * answered `recorded: false`, not refused. The page here is one window.
 */
export function fakeErrorReports(clock: Clock = systemClock): () => Result<{ recorded: boolean }> {
  const perWindow = new RateLimiter(PER_WINDOW_LIMIT, clock);
  return () => ok({ recorded: perWindow.take('the page').allowed });
}

/** A scripted answer as the fake keeps it: its types are the test's business, its shape is checked here. */
type ScriptedHandler = (input: never) => Result<unknown> | Promise<Result<unknown>>;

/**
 * What the real dispatcher (src-main/ipc/dispatcher.ts) does around a
 * handler, in its order, so the page meets the same contract here:
 * - a channel the contract does not declare is `unknown_channel`;
 * - a channel whose `access` does not admit the signed-in person's role is
 *   `forbidden` (the page here is always `user`, by default the candidate);
 * - an input whose JSON is over the channel's `maxInputBytes`
 *   (shared/ipc/channel.ts inputByteLimit) is `too_large`, before its schema;
 * - an input that fails the channel's schema is `invalid_input` before any
 *   handler sees it, and the handler gets the parsed input (defaults filled);
 * - a scripted reply that fails the channel's output schema, which main
 *   could never send, throws, so the test that scripted it fails instead
 *   of the page seeing it.
 */
export async function answerAsMain(channel: string, input: unknown, handler: ScriptedHandler | undefined, user: SessionUser = fakeCandidate): Promise<Result<unknown>> {
  if (!isChannelName(channel)) return { ok: false, error: { code: 'unknown_channel', message: 'The app asked for something this version does not know. Restart the app.' } };
  const spec = channels[channel];
  if (spec.access !== 'public' && !(spec.access as readonly string[]).includes(user.role)) {
    return { ok: false, error: { code: 'forbidden', message: 'Your account’s role does not allow this. Ask an administrator if you need it.' } };
  }
  const limit = inputByteLimit(spec);
  if (Buffer.byteLength(JSON.stringify(input) ?? '') > limit) {
    return { ok: false, error: { code: 'too_large', message: `The request is too large for this action: the limit is ${limit} bytes.` } };
  }
  const parsed = spec.input.safeParse(input);
  if (!parsed.success) return { ok: false, error: { code: 'invalid_input', message: `The fake main refused ${channel}: ${parsed.error.issues.map((issue) => issue.message).join('; ')}` } };
  if (!handler) return { ok: false, error: { code: 'unknown_channel', message: `The fake main has no handler for ${channel}.` } };
  const result = await handler(parsed.data as never);
  if (!result.ok) return result;
  const output = spec.output.safeParse(result.data);
  if (!output.success) throw new Error(`The fake main was scripted to answer ${channel} with what main could never send: ${output.error.message}`);
  return { ok: true, data: output.data };
}

interface FakeWindow {
  __fakeMainInvoke(channel: string, input: unknown): Promise<unknown>;
  __fakeMainEmit(event: string, payload: unknown): void;
}
