import type { EventName, EventPayload } from './contract';

/** Every window (Electron) or socket (browser host) has a string id. */
export type WindowId = string;

/**
 * Where a service sends a main→renderer event. Services name this port, not
 * the IPC layer's EventHub that implements it, so features and accounts stay
 * below IPC in main's layering (and a test can pass a recorder).
 */
export interface EventSink {
  emit<E extends EventName>(windowId: WindowId, event: E, payload: EventPayload<E>): void;
}
