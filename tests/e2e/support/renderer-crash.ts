import type { Browser, Page } from 'playwright-core';

/** What Electron's 'render-process-gone' tells the shell (docs/api/structures/render-process-gone-details.md). */
export interface RendererGone {
  reason: string;
  exitCode: number;
}

/**
 * Electron fills 'render-process-gone' from Chromium's own account of how a
 * child process ended (content's ChildProcessTerminationInfo: a termination
 * status and an exit code), naming the status its way. DevTools' Target
 * .targetCrashed carries the same two, spelled as Chromium spells them:
 * the same word for crashed, killed and oom, a phrase for the others.
 */
function electronReason(status: string): string {
  if (status === 'abnormal termination') return 'abnormal-exit';
  if (status === 'failed to launch' || status === 'launch failed') return 'launch-failed';
  return status.replace(/\s+/g, '-');
}

/**
 * Crashes the page's renderer process for real (DevTools' Page.crash, as
 * a fault in the renderer would), and answers with what Electron would
 * have told the shell about it, read from Chromium's own report of the
 * crash, not made up.
 */
export async function crashRenderer(browser: Browser, page: Page): Promise<RendererGone> {
  const pageSession = await page.context().newCDPSession(page);
  const { targetInfo } = await pageSession.send('Target.getTargetInfo');
  const browserSession = await browser.newBrowserCDPSession();
  try {
    const gone = new Promise<RendererGone>((resolve) => {
      browserSession.on('Target.targetCrashed', (event) => {
        if (event.targetId === targetInfo.targetId) resolve({ reason: electronReason(event.status), exitCode: event.errorCode });
      });
    });
    await browserSession.send('Target.setDiscoverTargets', { discover: true });
    // Never answers: the process that would is gone.
    void pageSession.send('Page.crash').catch(() => undefined);
    return await gone;
  } finally {
    await browserSession.detach().catch(() => undefined);
  }
}
