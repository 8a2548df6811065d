import { v7 as uuidv7 } from 'uuid';
import { systemClock, type Clock } from '../common/clock';

/**
 * A new primary key. UUID v7 starts with a millisecond timestamp (and the uuid
 * package keeps a monotonic counter within a millisecond), so keys sort by
 * creation time and new rows land at the end of the primary-key B-tree.
 */
export function newId(): string {
  return uuidv7();
}

/**
 * ISO-8601 UTC with milliseconds (`2025-01-31T09:05:00.000Z`): the one format
 * every timestamp column holds, so comparing the text compares the times.
 */
export function nowIso(clock: Clock = systemClock): string {
  return clock.now().toISOString();
}
