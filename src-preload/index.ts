import { contextBridge, ipcRenderer } from 'electron';
import { createKioskApi, IPC_EVENT, IPC_INVOKE, KIOSK_API_GLOBAL } from '../shared/ipc/api';
import type { EventName } from '../shared/ipc/contract';
import type { Result } from '../shared/ipc/result';

/**
 * The renderer's only door to main: `window.kiosk`, built from the shared
 * contract. No Electron or Node object crosses the bridge, only these two
 * functions; main validates everything that comes through them.
 */
const api = createKioskApi({
  invoke: (channel, input) => ipcRenderer.invoke(IPC_INVOKE, channel, input) as Promise<Result<unknown>>,
  subscribe(listener) {
    const forward = (_event: unknown, name: EventName, payload: unknown) => listener(name, payload);
    ipcRenderer.on(IPC_EVENT, forward);
    return () => ipcRenderer.removeListener(IPC_EVENT, forward);
  },
});

contextBridge.exposeInMainWorld(KIOSK_API_GLOBAL, api);
