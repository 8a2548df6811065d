import type { PullApplier } from './pull-applier';
import { PULL_PAGE, type PullCursor, type PullReply } from './protocol';
import type { SyncSession } from './sync-transport';

/**
 * Brings every change the server has for this device since the stored
 * cursor, page by page. The next page is asked for before this one is
 * applied, so the server builds it while SQLite writes (each side is about
 * half of a long first pull). Pages still apply in order, each with its own
 * cursor; a failure leaves the cursor at the last page applied. `first`:
 * the first page when it came already (sync.exchange, from the stored cursor).
 */
export async function pullChanges(
  session: Pick<SyncSession, 'pull'>,
  applier: Pick<PullApplier, 'cursor' | 'applyPage' | 'noteEndOfPull'>,
  first?: PullReply,
): Promise<void> {
  let cursor = applier.cursor();
  let next = first ? Promise.resolve(first) : session.pull(cursor, PULL_PAGE);
  for (;;) {
    const page = await next;
    cursor = page.cursor ?? cursor;
    if (page.hasMore) {
      next = session.pull(cursor, PULL_PAGE);
      // Awaited on the next turn; if applying this page throws first, its failure is not the news.
      next.catch(() => {});
    }
    await applyInSlices(applier, page.changes, page.cursor);
    if (!page.hasMore) {
      applier.noteEndOfPull();
      return;
    }
  }
}

/**
 * How long applying pulled rows may hold main's event loop at a stretch. A
 * whole page in one transaction held it 30 to 370 ms (each JSON column is
 * checked against its schema on the way in), delaying the interview's audio
 * and every IPC call behind it (bench/main-thread.bench.ts); in slices this
 * long, with the loop free in between, nothing waits much more than a frame.
 */
const PULL_SLICE_MS = 10;
/** The first slice's size, before the speed of this page's rows is known; rows vary from a usage line to a session's whole memory. */
const FIRST_SLICE_ROWS = 25;

/**
 * Applies one page a slice at a time, each slice its own transaction, and
 * only the last one stores the page's cursor. A crash between slices leaves
 * the cursor before the page, so the page is pulled and applied again; a row
 * applied twice ends the same (rows are upserted, parked rows replaced), so
 * nothing is lost or doubled. Local writes may land between slices, as they
 * already may between pages.
 */
async function applyInSlices(applier: Pick<PullApplier, 'applyPage'>, changes: PullReply['changes'], cursor: PullCursor | null): Promise<void> {
  let size = FIRST_SLICE_ROWS;
  for (let start = 0; ; ) {
    const slice = changes.slice(start, start + size);
    const last = start + slice.length >= changes.length;
    const began = performance.now();
    applier.applyPage(slice, last ? cursor : null);
    if (last) return;
    start += slice.length;
    // The next slice sized by how fast this one went, at most twice as big: a few quick rows say little about the rest.
    const spentMs = Math.max(performance.now() - began, 0.1);
    size = Math.max(1, Math.min(slice.length * 2, Math.floor((slice.length * PULL_SLICE_MS) / spentMs)));
    // setImmediate, not a resolved promise: IPC messages and network reads waiting on the loop run first.
    await new Promise((resolve) => setImmediate(resolve));
  }
}
