import type { SettingsView } from '../../shared/ipc/contract';
import type { WindowId } from '../../shared/ipc/event-sink';
import type { Logger } from '../logging/logger-types';
import type { SettingsService } from './settings-service';

export interface SettingsViewFeedDeps {
  settings: Pick<SettingsService, 'view' | 'onChange'>;
  /** What the network layer could not use of IT's settings (a CA bundle): shown beside the settings, where the path is set. */
  networkProblems: () => readonly string[];
  /** Whether this window is signed in as an admin now: the view goes to no one else. */
  isAdmin: (windowId: WindowId) => boolean;
  notify: (windowId: WindowId, view: SettingsView) => void;
  logger: Logger;
}

/**
 * The settings as an admin's window shows them, kept current (issue 20,
 * point 1): when IT's policy changes under an open Device settings screen,
 * or another admin saves, the window is told, so the policy view and the
 * read-only fields never show what no longer holds.
 */
export class SettingsViewFeed {
  private readonly watchers = new Set<WindowId>();
  private readonly unsubscribe: () => void;

  constructor(private readonly deps: SettingsViewFeedDeps) {
    this.unsubscribe = deps.settings.onChange(() => this.changed());
  }

  current(): SettingsView {
    const view = this.deps.settings.view();
    const problems = this.deps.networkProblems();
    return problems.length > 0 ? { ...view, warnings: [...view.warnings, ...problems] } : view;
  }

  /** This window gets `settings.changed` while it stays an admin's. */
  watch(windowId: WindowId): void {
    this.watchers.add(windowId);
  }

  close(): void {
    this.unsubscribe();
    this.watchers.clear();
  }

  private changed(): void {
    if (this.watchers.size === 0) return;
    const view = this.current();
    for (const windowId of this.watchers) {
      // Signed out, or someone else signed in: forgotten until an admin there asks again.
      if (!this.deps.isAdmin(windowId)) {
        this.watchers.delete(windowId);
        continue;
      }
      try {
        this.deps.notify(windowId, view);
      } catch (error) {
        this.deps.logger.warn('settings change could not be sent to a window', { error: error instanceof Error ? error.message : String(error) });
      }
    }
  }
}
