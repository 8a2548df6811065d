import type { ChannelInput, ChannelName, ChannelOutput, EventName, EventPayload } from './contract';
import { isChannelName, isEventName } from './contract';
import type { Result } from './result';

/**
 * The API the renderer sees as `window.kiosk`. The preload builds it over
 * Electron IPC; the browser host's bridge builds the same object over a
 * loopback WebSocket. Either way the renderer code is identical.
 */
export interface KioskApi {
  invoke<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<Result<ChannelOutput<C>>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

export interface KioskTransport {
  invoke(channel: ChannelName, input: unknown): Promise<Result<unknown>>;
  subscribe(listener: (event: EventName, payload: unknown) => void): () => void;
}

/** Build the renderer API on a transport, refusing names the contract does not declare. */
export function createKioskApi(transport: KioskTransport): KioskApi {
  return {
    invoke(channel, input) {
      if (!isChannelName(channel)) {
        return Promise.resolve({ ok: false, error: { code: 'unknown_channel', message: `No such channel: ${String(channel)}` } });
      }
      return transport.invoke(channel, input) as Promise<Result<never>>;
    },
    on(event, listener) {
      if (!isEventName(event)) throw new Error(`No such event: ${String(event)}`);
      return transport.subscribe((name, payload) => {
        if (name === event) listener(payload as EventPayload<typeof event>);
      });
    },
  };
}

export const KIOSK_API_GLOBAL = 'kiosk';
/** Electron IPC channel names used by the preload and the shell's bridge. */
export const IPC_INVOKE = 'kiosk:invoke';
export const IPC_EVENT = 'kiosk:event';
