import { createElement as h } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { KioskCallContext, KioskEventsContext, type KioskCall, type KioskEvents } from '../../../src-renderer/src/kiosk-context';
import { SelfCheckScreen } from '../../../src-renderer/src/screens/self-check/SelfCheckScreen';
import {
  CHECK_ORDER,
  inCheckOrder,
  microphoneCheck,
  speakerCheck,
  statusWords,
  summarize,
  type CheckView,
} from '../../../src-renderer/src/screens/self-check/self-check-words';

const check = (id: CheckView['id'], status: CheckView['status']): CheckView => ({ id, label: id, status, detail: `${id} found`, fix: status === 'ok' ? null : `fix ${id}` });

describe('the self-check’s summary line', () => {
  it('says all passed only when every check passed', () => {
    expect(summarize([check('keychain', 'ok'), check('disk', 'ok')])).toEqual({ text: 'All checks passed.', tone: 'success' });
    expect(summarize([])).toMatchObject({ tone: 'info' });
  });

  it('counts warnings and failures as things to fix, and says what is not checked', () => {
    expect(summarize([check('keychain', 'fail'), check('sync', 'warn'), check('disk', 'ok')])).toEqual({ text: '2 things to fix before a sitting.', tone: 'error' });
    expect(summarize([check('sync', 'warn')])).toEqual({ text: '1 thing to fix before a sitting.', tone: 'warning' });
    expect(summarize([check('sync', 'warn'), check('clock', 'unknown'), check('sandbox', 'unknown')])).toEqual({
      text: '1 thing to fix before a sitting; 2 checks are not done yet or could not be made here.',
      tone: 'warning',
    });
    expect(summarize([check('disk', 'ok'), check('clock', 'unknown')])).toEqual({ text: 'Nothing to fix so far; 1 check is not done yet or could not be made here.', tone: 'info' });
  });

  it('gives every status a word and a sign, so colour is never the only clue', () => {
    const words = Object.values(statusWords).map((status) => status.word);
    const signs = Object.values(statusWords).map((status) => status.sign);
    expect(new Set(words).size).toBe(4);
    expect(new Set(signs).size).toBe(4);
  });

  it('lists the checks in the issue’s order, whatever order main sent them in', () => {
    const shuffled = [...CHECK_ORDER].reverse().map((id) => check(id, 'ok'));
    expect(inCheckOrder(shuffled).map((item) => item.id)).toEqual(CHECK_ORDER);
  });
});

describe('the microphone and speaker checks in the page', () => {
  it('passes a microphone once it picks up sound, and asks for a few words until then', () => {
    expect(microphoneCheck({ status: 'opening' })).toMatchObject({ status: 'unknown', detail: 'Starting the microphone…' });
    expect(microphoneCheck({ status: 'open', device: 'The microphone “USB Mic”', heard: false })).toMatchObject({
      status: 'unknown',
      detail: expect.stringContaining('Say a few words near it'),
      fix: expect.stringContaining('not muted'),
    });
    expect(microphoneCheck({ status: 'open', device: 'The microphone “USB Mic”', heard: true })).toEqual({
      id: 'microphone',
      label: 'Microphone',
      status: 'ok',
      detail: 'The microphone “USB Mic” is on and picking up sound.',
      fix: null,
    });
  });

  it('fails a microphone that cannot be opened, with a fix for IT rather than the candidate’s “ask staff”', () => {
    for (const problem of ['denied', 'missing', 'busy', 'unsupported'] as const) {
      const result = microphoneCheck({ status: 'error', problem });
      expect(result.status).toBe('fail');
      expect(result.fix).not.toMatch(/member of staff/);
    }
    expect(microphoneCheck({ status: 'error', problem: 'denied' }).fix).toMatch(/privacy settings/);
  });

  it('leaves the speakers to the person who listened to the tone', () => {
    expect(speakerCheck({ outputs: null, tone: 'idle', heard: null })).toMatchObject({ status: 'unknown', detail: 'Play the test tone and say whether you heard it.' });
    expect(speakerCheck({ outputs: 'Speakers (Realtek)', tone: 'played', heard: true })).toMatchObject({ status: 'ok', detail: 'The test tone was heard. Sound goes to: Speakers (Realtek).' });
    expect(speakerCheck({ outputs: null, tone: 'played', heard: false })).toMatchObject({ status: 'fail', fix: expect.stringContaining('volume is up') });
    expect(speakerCheck({ outputs: null, tone: 'failed', heard: null }).status).toBe('fail');
  });
});

describe('the self-check screen as it opens', () => {
  const call = (() => new Promise(() => {})) as unknown as KioskCall;
  const on = (() => () => {}) as unknown as KioskEvents;
  const markup = (onBack?: () => void) =>
    renderToStaticMarkup(h(KioskCallContext.Provider, { value: call }, h(KioskEventsContext.Provider, { value: on }, h(SelfCheckScreen, onBack ? { onBack } : {}))));

  it('has its heading, a polite status saying it is checking, and the page’s checks as a list of headed items', () => {
    const html = markup();
    expect(html).toContain('<h1 tabindex="-1" class="screen-title">Kiosk self-check</h1>');
    expect(html).toMatch(/<div role="status" class="self-check-summary loading"><span class="spinner" aria-hidden="true"><\/span><p>Checking this kiosk…<\/p><\/div>/);
    expect(html).toMatch(/<ul class="self-check-list"><li class="self-check-item self-check-unknown"><h3 class="self-check-title"><span class="self-check-sign" aria-hidden="true">\?<\/span><span>Microphone: <span class="self-check-word">Not checked<\/span>/);
    expect(html).toContain('Speakers or headphones: <span class="self-check-word">Not checked</span>');
    expect(html).toContain('aria-disabled="true">Checking…</button>');
    expect(html).not.toContain('Back to the sitting');
  });

  it('offers the way back to the sitting when opened from the proctor’s screen', () => {
    expect(markup(() => {})).toContain('Back to the sitting</button>');
  });
});
