import { createKioskApi, KIOSK_API_GLOBAL, type KioskTransport } from '../shared/ipc/api';
import { isEventName, type EventName } from '../shared/ipc/contract';
import type { Result } from '../shared/ipc/result';

/**
 * Runs in the browser page served by the browser host, before the app's
 * own script: it installs the same `window.kiosk` the Electron preload
 * would, carried over a loopback WebSocket instead of Electron IPC.
 */
const token = new URLSearchParams(location.search).get('token') ?? '';
const socketUrl = `ws://${location.host}/__kiosk-ipc?token=${encodeURIComponent(token)}`;

type Pending = (result: Result<unknown>) => void;
const pending = new Map<number, Pending>();
const listeners = new Set<(event: EventName, payload: unknown) => void>();
let nextId = 1;

const lostConnection: Result<never> = {
  ok: false,
  error: { code: 'unavailable', message: 'The connection to the app was lost. If the browser host was restarted, open the new address it printed in its terminal; otherwise reload the page.' },
};

const socket = new WebSocket(socketUrl);
const opened = new Promise<void>((resolve, reject) => {
  socket.addEventListener('open', () => resolve());
  socket.addEventListener('error', () => reject(new Error('closed')));
});
socket.addEventListener('close', () => {
  for (const settle of pending.values()) settle(lostConnection);
  pending.clear();
});
socket.addEventListener('message', (message) => {
  const data = JSON.parse(String(message.data)) as { id?: number; result?: Result<unknown>; event?: string; payload?: unknown };
  if (typeof data.id === 'number' && data.result) {
    pending.get(data.id)?.(data.result);
    pending.delete(data.id);
  } else if (isEventName(data.event)) {
    for (const listener of listeners) listener(data.event, data.payload);
  }
});

const transport: KioskTransport = {
  async invoke(channel, input) {
    try {
      await opened;
    } catch {
      return lostConnection;
    }
    if (socket.readyState !== WebSocket.OPEN) return lostConnection;
    const id = nextId++;
    return new Promise((resolve) => {
      pending.set(id, resolve);
      socket.send(JSON.stringify({ id, channel, input }));
    });
  },
  subscribe(listener) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

Object.defineProperty(window, KIOSK_API_GLOBAL, { value: Object.freeze(createKioskApi(transport)), writable: false });
