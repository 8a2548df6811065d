import type { PullApplier } from './pull-applier';
import { PULL_PAGE } from './protocol';
import type { SyncSession } from './sync-transport';

/**
 * Brings every change the server has for this device since the stored
 * cursor, page by page. The next page is asked for before this one is
 * applied, so the server builds it while SQLite writes (each side is about
 * half of a long first pull). Pages still apply in order, each with its own
 * cursor; a failure leaves the cursor at the last page applied.
 */
export async function pullChanges(session: Pick<SyncSession, 'pull'>, applier: Pick<PullApplier, 'cursor' | 'applyPage'>): Promise<void> {
  let cursor = applier.cursor();
  let next = session.pull(cursor, PULL_PAGE);
  for (;;) {
    const page = await next;
    cursor = page.cursor ?? cursor;
    if (page.hasMore) {
      next = session.pull(cursor, PULL_PAGE);
      // Awaited on the next turn; if applying this page throws first, its failure is not the news.
      next.catch(() => {});
    }
    applier.applyPage(page.changes, page.cursor);
    if (!page.hasMore) return;
  }
}
