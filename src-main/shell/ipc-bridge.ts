import { ipcMain, webContents, type WebFrameMain } from 'electron';
import { IPC_EVENT, IPC_INVOKE } from '../../shared/ipc/api';
import type { App } from '../app/create-app';

/** Carries the shared contract over Electron IPC; all checks happen in the dispatcher. */
export function connectIpc(app: App, isAppUrl: (url: string) => boolean): void {
  ipcMain.handle(IPC_INVOKE, (event, channel: unknown, input: unknown) =>
    app.dispatch(channel, input, {
      windowId: String(event.sender.id),
      trustedSender: isOwnFrame(event.senderFrame, event.sender.mainFrame, isAppUrl),
    }),
  );
  app.events.subscribe((windowId, name, payload) => {
    const target = webContents.fromId(Number(windowId));
    if (target && !target.isDestroyed()) target.send(IPC_EVENT, name, payload);
  });
}

function isOwnFrame(frame: WebFrameMain | null, mainFrame: WebFrameMain, isAppUrl: (url: string) => boolean): boolean {
  return frame !== null && frame === mainFrame && isAppUrl(frame.url);
}
