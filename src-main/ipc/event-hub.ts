import { events, type EventName, type EventPayload } from '../../shared/ipc/contract';
import type { EventSink, WindowId } from '../../shared/ipc/event-sink';

export type EventListener = (windowId: WindowId, event: EventName, payload: unknown) => void;

/**
 * Main→renderer events. Services emit; each transport subscribes and
 * delivers to the window it owns. Payloads are checked against the contract
 * so a service cannot push fields the renderer should not see.
 */
export class EventHub implements EventSink {
  private readonly listeners = new Set<EventListener>();

  emit<E extends EventName>(windowId: WindowId, event: E, payload: EventPayload<E>): void {
    const checked = events[event].payload.parse(payload);
    for (const listener of this.listeners) listener(windowId, event, checked);
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
