import type { RecordScreenEvent } from '../ipc/core-client';
import type { App } from './create-app';
import type { Logger } from '../logging/logger-types';

export type { RecordScreenEvent };

/**
 * Events the Electron shell notices itself, not the page: the screen crashed
 * or hung, a blocked shortcut was pressed. The shell sends them to the core
 * (a 'screen-event' message), which records them here. A crash is also an
 * error report for IT, whoever was at the window. They belong to the
 * candidate signed in on that window, on their interview if one is going
 * on; a staff window, a signed-out screen or a candidate between interviews
 * has nothing to note. Plain Node, so the integration tests run it on the
 * real app.
 */
export function screenEventRecorder(kiosk: Pick<App, 'sessions' | 'services'>, logger: Logger): RecordScreenEvent {
  return (windowId, kind, details) => {
    try {
      const user = kiosk.sessions.get(windowId);
      // Whoever was at the window, a crash is an error IT counts (issue 20, point 6): its reason, not its page.
      if (kind === 'screen_crashed') kiosk.services.rendererErrors.crashed(details ?? {}, { windowId, role: user?.role ?? null });
      if (user?.kind !== 'candidate') return;
      const interviewId = kiosk.services.interviews.recordScreenEvent(user.id, kind, details);
      if (interviewId) logger.info('screen event recorded on the interview', { windowId, kind, interviewId });
    } catch (error) {
      logger.error('screen event could not be recorded', { windowId, kind, error });
    }
  };
}
