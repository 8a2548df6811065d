import type { AppCalls } from './test-app';

export interface RecordedWebhookEvent {
  candidateId: string | null;
  occurredAt: string;
  /** The payload column, parsed: the delivery's `data`. */
  data: Record<string, unknown>;
}

/** The webhook events of one type a device recorded (issue 21), oldest first, as a delivery would carry them. */
export function webhookEventsOf(device: Pick<AppCalls, 'rows'>, type: string): RecordedWebhookEvent[] {
  return device
    .rows<{ candidate_id: string | null; occurred_at: string; payload: string }>('SELECT candidate_id, occurred_at, payload FROM webhook_events WHERE type = ? ORDER BY occurred_at, created_at, id', type)
    .map((row) => ({ candidateId: row.candidate_id, occurredAt: row.occurred_at, data: JSON.parse(row.payload) as Record<string, unknown> }));
}
