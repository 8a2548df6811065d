import { ipcMain, webContents, type WebFrameMain } from 'electron';
import { IPC_EVENT, IPC_INVOKE } from '../../shared/ipc/api';
import type { CoreClient } from '../ipc/core-client';

/**
 * Carries the shared contract over Electron IPC to the core and back; all
 * checks happen in the dispatcher, in the core. Main adds only what it alone
 * knows: which window called, and whether from the app's own top frame.
 */
export function connectIpc(core: Pick<CoreClient, 'dispatch' | 'events'>, isAppUrl: (url: string) => boolean): void {
  ipcMain.handle(IPC_INVOKE, (event, channel: unknown, input: unknown) =>
    core.dispatch(channel, input, {
      windowId: String(event.sender.id),
      trustedSender: isOwnFrame(event.senderFrame, event.sender.mainFrame, isAppUrl),
    }),
  );
  core.events.subscribe((windowId, name, payload) => {
    const target = webContents.fromId(Number(windowId));
    if (target && !target.isDestroyed()) target.send(IPC_EVENT, name, payload);
  });
}

function isOwnFrame(frame: WebFrameMain | null, mainFrame: WebFrameMain, isAppUrl: (url: string) => boolean): boolean {
  return frame !== null && frame === mainFrame && isAppUrl(frame.url);
}
