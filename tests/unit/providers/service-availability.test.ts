import { describe, expect, it } from 'vitest';
import type { ProviderErrorKind } from '../../../src-main/providers/ai/errors';
import { ServiceAvailability, type AvailabilitySnapshot } from '../../../src-main/providers/ai/service-availability';
import type { AiEndpoint } from '../../../src-main/providers/ai/types';
import { FakeClock } from '../../support/test-app';

const START = '2026-11-25T09:00:00.000Z';

function tracker() {
  const clock = new FakeClock(new Date(START));
  const availability = new ServiceAvailability(clock);
  const seen: AvailabilitySnapshot[] = [];
  availability.onChange((snapshot) => seen.push(snapshot));
  const fail = (kind: ProviderErrorKind, endpoint: AiEndpoint = 'chat') => availability.failed({ kind, endpoint });
  return { clock, availability, seen, fail };
}

const minutes = (n: number) => n * 60_000;

describe('the AI service availability tracker', () => {
  it('starts available, with nothing to say', () => {
    const { availability } = tracker();
    expect(availability.snapshot()).toEqual({ available: true, since: null, reason: null, endpoints: [] });
  });

  it.each([
    ['network', 'offline'],
    ['timeout', 'outage'],
    ['server_error', 'outage'],
    ['rate_limited', 'outage'],
    ['circuit_open', 'outage'],
    ['quota_exhausted', 'quota_exhausted'],
    ['unauthorized', 'not_configured'],
    ['not_configured', 'not_configured'],
  ] as const)('a final %s failure makes it unavailable (%s) since that moment', (kind, reason) => {
    const { availability, fail } = tracker();
    fail(kind);
    expect(availability.snapshot()).toEqual({ available: false, since: START, reason, endpoints: ['chat'] });
  });

  it.each(['bad_request', 'context_length', 'schema_mismatch', 'refused', 'truncated', 'too_large', 'budget_exceeded', 'malformed_reply'] as const)(
    'a %s failure is about one request, not the service: it changes nothing',
    (kind) => {
      const { availability, seen, fail } = tracker();
      fail(kind);
      expect(availability.snapshot().available).toBe(true);
      expect(seen).toEqual([]);
    },
  );

  it('keeps the first failure’s time while the outage goes on, and a success ends it', () => {
    const { clock, availability, seen, fail } = tracker();
    fail('server_error');
    clock.advance(minutes(5));
    fail('timeout');
    expect(availability.snapshot().since).toBe(START);
    // Only the start of the outage was news.
    expect(seen).toHaveLength(1);

    clock.advance(minutes(5));
    availability.succeeded('chat');
    expect(availability.snapshot()).toEqual({ available: true, since: null, reason: null, endpoints: [] });
    expect(seen.map((s) => s.available)).toEqual([false, true]);

    // The next outage starts its own clock.
    clock.advance(minutes(1));
    fail('network');
    expect(availability.snapshot().since).toBe('2026-11-25T09:11:00.000Z');
  });

  it('an open breaker keeps the reason of the failures that opened it', () => {
    const { availability, fail } = tracker();
    fail('network');
    fail('circuit_open');
    expect(availability.snapshot().reason).toBe('offline');
  });

  it('a later failure of another kind says why now', () => {
    const { availability, fail } = tracker();
    fail('server_error');
    fail('quota_exhausted');
    expect(availability.snapshot()).toMatchObject({ reason: 'quota_exhausted', since: START });
  });

  it('an outage of one endpoint is ended only by that endpoint’s success', () => {
    const { clock, availability, fail } = tracker();
    fail('server_error', 'transcription');
    availability.succeeded('chat');
    expect(availability.snapshot()).toEqual({ available: false, since: START, reason: 'outage', endpoints: ['transcription'] });
    clock.advance(minutes(1));
    availability.succeeded('transcription');
    expect(availability.snapshot().available).toBe(true);
  });

  it.each(['network', 'quota_exhausted', 'not_configured'] as const)('a success on any endpoint proves the network, credit and key good again (%s)', (kind) => {
    const { availability, fail } = tracker();
    fail(kind, 'transcription');
    fail(kind, 'speech');
    availability.succeeded('chat');
    expect(availability.snapshot().available).toBe(true);
  });

  it('with several endpoints failing: the earliest time, and the reason a person must act on first', () => {
    const { clock, availability, fail } = tracker();
    fail('server_error', 'speech');
    clock.advance(minutes(2));
    fail('network', 'chat');
    clock.advance(minutes(2));
    fail('quota_exhausted', 'transcription');
    expect(availability.snapshot()).toEqual({ available: false, since: START, reason: 'quota_exhausted', endpoints: ['chat', 'transcription', 'speech'] });
    // A success elsewhere clears the shared reasons (network, credit) but not speech's own outage.
    availability.succeeded('chat');
    expect(availability.snapshot()).toEqual({ available: false, since: START, reason: 'outage', endpoints: ['speech'] });
  });

  it('tells listeners only of changes, and a listener that throws does not stop the others', () => {
    const { availability, seen } = tracker();
    availability.onChange(() => {
      throw new Error('a broken window');
    });
    const after: boolean[] = [];
    availability.onChange((snapshot) => after.push(snapshot.available));
    availability.succeeded('chat');
    expect(seen).toEqual([]);
    availability.failed({ kind: 'network', endpoint: 'chat' });
    availability.succeeded('speech');
    expect(after).toEqual([false, true]);
  });

  it('stops telling a listener once it unsubscribes', () => {
    const { availability } = tracker();
    const heard: boolean[] = [];
    const stop = availability.onChange((snapshot) => heard.push(snapshot.available));
    availability.failed({ kind: 'timeout', endpoint: 'chat' });
    stop();
    availability.succeeded('chat');
    expect(heard).toEqual([false]);
  });
});
