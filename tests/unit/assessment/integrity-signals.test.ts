import { describe, expect, it } from 'vitest';
import { integrityFlagSchema, type IntegrityFlag } from '../../../shared/domain/assessment';
import { measureIntegrity } from '../../../src-main/assessment/integrity-signals';
import { refOf } from '../../../src-main/assessment/scoring-input';
import { event, normalAnswer, question, scripted, type Timeline } from './scripted-interviews';

/** Five ordinary questions, easiest to hardest: the background every planted anomaly sits in. */
const ordinary = [question(1), question(2), question(3), question(4), question(5)];

function only(flags: IntegrityFlag[], type: IntegrityFlag['type']): IntegrityFlag[] {
  return flags.filter((flag) => flag.type === type);
}

function flagged(flags: IntegrityFlag[], type: IntegrityFlag['type']): number[] {
  return only(flags, type).map((flag) => flag.refs[0]?.number ?? 0);
}

describe('measureIntegrity', () => {
  it('flags nothing in an ordinary interview', () => {
    expect(measureIntegrity(scripted(ordinary))).toEqual([]);
  });

  it('gives flags that satisfy the assessment schema, all marked measured', () => {
    const input = scripted(
      [...ordinary, question(5, normalAnswer({ words: 140, responseTimeMs: 1_200 })), question(2, normalAnswer({ words: 160, wordsPerMinute: 240 }))],
      (at) => [event('focus_lost', at.asked(2, 10_000)), event('paste', at.asked(3, 10_000), { inTextField: false, characters: 50 })],
    );
    const flags = measureIntegrity(input);
    expect(flags.length).toBeGreaterThanOrEqual(4);
    for (const flag of flags) {
      expect(integrityFlagSchema.parse(flag)).toEqual(flag);
      expect(flag.source).toBe('measured');
      expect(flag.evidence).toMatch(/question \d+/);
    }
  });

  describe('response timing', () => {
    it('flags a fast, long answer to a difficulty-5 question and not the same to a difficulty-1 question', () => {
      const input = scripted([
        ...ordinary,
        question(5, normalAnswer({ words: 140, responseTimeMs: 1_200 })),
        question(1, normalAnswer({ words: 140, responseTimeMs: 500 })),
      ]);
      const flags = only(measureIntegrity(input), 'response_timing_anomaly');
      expect(flags).toHaveLength(1);
      const [flag] = flags;
      expect(flag!.refs).toEqual([refOf(input.questions[5]!)]);
      expect(flag!.refs[0]).toEqual({ number: 6, questionMessageId: 'q6', answerMessageId: 'a6' });
      expect(flag!.measurements).toEqual({ responseTimeMs: 1_200, words: 140, difficulty: 5, medianResponseTimeMs: 3_000 });
      expect(flag!.severity).toBe('medium');
      expect(flag!.evidence).toContain('Answered question 6 (difficulty 5 of 5) 1.2 s after it was asked, with a 140-word answer.');
    });

    it('rates it high when it is also far faster than the candidate usually starts', () => {
      const slowStarter = normalAnswer({ responseTimeMs: 8_000 });
      const input = scripted([...[1, 2, 3].map((difficulty) => question(difficulty, slowStarter)), question(4, normalAnswer({ words: 120, responseTimeMs: 900 }))]);
      const [flag] = only(measureIntegrity(input), 'response_timing_anomaly');
      expect(flag!.severity).toBe('high');
      expect(flag!.measurements['medianResponseTimeMs']).toBe(8_000);
    });

    it('rates it low when it is only fast for this candidate', () => {
      const slowStarter = normalAnswer({ responseTimeMs: 12_000 });
      const input = scripted([...[1, 2, 3].map((difficulty) => question(difficulty, slowStarter)), question(5, normalAnswer({ words: 100, responseTimeMs: 2_500 }))]);
      const flags = only(measureIntegrity(input), 'response_timing_anomaly');
      expect(flags.map((flag) => [flag.refs[0]!.number, flag.severity])).toEqual([[4, 'low']]);
      expect(flags[0]!.confidence).toBeLessThan(0.5);
    });

    it('leaves alone a fast start to a hard question when the answer is short or the engine judged it a struggle', () => {
      const input = scripted([
        ...ordinary,
        question(5, normalAnswer({ words: 20, responseTimeMs: 400 })),
        question(5, normalAnswer({ words: 140, responseTimeMs: 400 }), true),
      ]);
      expect(flagged(measureIntegrity(input), 'response_timing_anomaly')).toEqual([]);
    });
  });

  describe('silence, then a fluent answer', () => {
    it('flags a long silence followed by a fluent 150-word answer and not one followed by a halting short answer', () => {
      const input = scripted([
        ...ordinary,
        question(3, { words: 150, wordsPerMinute: 160, responseTimeMs: 15_000, pauseMs: 1_500, segmentCount: 3 }),
        question(3, { words: 30, wordsPerMinute: 110, responseTimeMs: 15_000, pauseMs: 12_000, segmentCount: 6 }),
      ]);
      const flags = only(measureIntegrity(input), 'silence_then_fluent_answer');
      expect(flags).toHaveLength(1);
      const [flag] = flags;
      expect(flag!.refs).toEqual([refOf(input.questions[5]!)]);
      expect(flag!.measurements).toEqual({ responseTimeMs: 15_000, words: 150, wordsPerMinute: 160, pauseMs: 1_500, pausePercent: 3 });
      expect(flag!.severity).toBe('medium');
      expect(flag!.evidence).toBe('Silent for 15 s after question 6 (difficulty 3 of 5), then answered 150 words at 160 words a minute with 1.5 s of pauses in all.');
    });

    it('does not flag a long silence before a long answer full of pauses, or a slow one', () => {
      const input = scripted([
        ...ordinary,
        question(4, { words: 150, wordsPerMinute: 150, responseTimeMs: 20_000, pauseMs: 25_000, segmentCount: 12 }),
        question(4, { words: 100, wordsPerMinute: 100, responseTimeMs: 20_000, pauseMs: 500, segmentCount: 2 }),
      ]);
      expect(flagged(measureIntegrity(input), 'silence_then_fluent_answer')).toEqual([]);
    });

    it('rates it high on a hard question', () => {
      const input = scripted([...ordinary, question(5, { words: 150, wordsPerMinute: 160, responseTimeMs: 15_000, pauseMs: 1_500 })]);
      const [flag] = only(measureIntegrity(input), 'silence_then_fluent_answer');
      expect(flag!.severity).toBe('high');
      expect(flag!.confidence).toBeGreaterThan(0.5);
      expect(flag!.confidence).toBeLessThan(1);
    });
  });

  describe('speaking rate', () => {
    it('flags a fast reader and not a normal speaker', () => {
      const input = scripted([...ordinary, question(3, normalAnswer({ words: 160, wordsPerMinute: 240, pauseMs: 1_000 }))]);
      const flags = only(measureIntegrity(input), 'speaking_rate_anomaly');
      expect(flags.map((flag) => flag.refs[0]!.number)).toEqual([6]);
      expect(flags[0]!.measurements).toEqual({ wordsPerMinute: 240, words: 160, speechMs: 40_000, medianWordsPerMinute: 150 });
      // Over the absolute limit and far above the candidate's own rate.
      expect(flags[0]!.severity).toBe('high');
      expect(flags[0]!.evidence).toContain('240 words a minute');
    });

    it('rates a fast answer medium when there is no usual rate to compare with', () => {
      const input = scripted([question(3, normalAnswer({ words: 100, wordsPerMinute: 225 })), question(2)]);
      const [flag] = only(measureIntegrity(input), 'speaking_rate_anomaly');
      expect(flag!.severity).toBe('medium');
      expect(flag!.measurements['medianWordsPerMinute']).toBeUndefined();
    });

    it('rates low an answer that is only fast for this candidate', () => {
      const slow = normalAnswer({ wordsPerMinute: 110 });
      const input = scripted([question(1, slow), question(2, slow), question(3, slow), question(3, normalAnswer({ words: 100, wordsPerMinute: 180 }))]);
      const flags = only(measureIntegrity(input), 'speaking_rate_anomaly');
      expect(flags.map((flag) => [flag.refs[0]!.number, flag.severity])).toEqual([[4, 'low']]);
    });

    it('leaves alone an ordinary rate even when it is well above a slow candidate’s usual', () => {
      const slow = normalAnswer({ wordsPerMinute: 90 });
      const input = scripted([question(1, slow), question(2, slow), question(3, slow), question(3, normalAnswer({ words: 100, wordsPerMinute: 150 }))]);
      expect(flagged(measureIntegrity(input), 'speaking_rate_anomaly')).toEqual([]);
    });

    it('does not judge short answers however fast', () => {
      const input = scripted([
        ...ordinary,
        question(2, normalAnswer({ words: 20, wordsPerMinute: 320 })),
        question(2, normalAnswer({ words: 39, speechMs: 10_000 })),
        question(2, normalAnswer({ words: 60, speechMs: 9_000 })),
      ]);
      expect(flagged(measureIntegrity(input), 'speaking_rate_anomaly')).toEqual([]);
    });
  });

  describe('focus loss', () => {
    it('puts focus lost during question 4’s answer for 40 s on question 4, with its duration', () => {
      const input = scripted(ordinary, (at) => [
        event('focus_lost', at.asked(4, 12_000)),
        event('window_hidden', at.asked(4, 12_100)),
        event('window_shown', at.asked(4, 52_000)),
        event('focus_returned', at.asked(4, 52_100)),
      ]);
      const flags = measureIntegrity(input);
      expect(flags).toHaveLength(1);
      const [flag] = flags;
      expect(flag!.type).toBe('focus_loss');
      expect(flag!.refs).toEqual([refOf(input.questions[3]!)]);
      expect(flag!.measurements).toEqual({ eventCount: 1, awayMs: 40_000, midAnswerCount: 1 });
      expect(flag!.severity).toBe('high');
      expect(flag!.confidence).toBeGreaterThanOrEqual(0.8);
      expect(flag!.evidence).toBe('The kiosk window lost focus or was hidden once while question 4 was being answered, for 40 s.');
    });

    it('rates a brief blur between questions low and says it came after the answer', () => {
      const input = scripted(ordinary, (at) => [event('focus_lost', at.answered(2, 500)), event('focus_returned', at.answered(2, 2_500))]);
      const [flag] = measureIntegrity(input);
      expect(flag!.severity).toBe('low');
      expect(flag!.refs[0]!.number).toBe(2);
      expect(flag!.evidence).toContain('after question 2 was answered, before the next question');
    });

    it('gathers repeated losses during one question into one flag, rated high', () => {
      const input = scripted(ordinary, (at) =>
        [10_000, 20_000, 30_000].flatMap((ms) => [event('focus_lost', at.asked(3, ms)), event('focus_returned', at.asked(3, ms + 2_000))]),
      );
      const flags = measureIntegrity(input);
      expect(flags).toHaveLength(1);
      expect(flags[0]!.severity).toBe('high');
      expect(flags[0]!.measurements).toMatchObject({ eventCount: 3, awayMs: 6_000, longestAwayMs: 2_000 });
    });

    it('says so when focus never came back', () => {
      const input = scripted(ordinary, (at) => [event('window_hidden', at.asked(5, 9_000))]);
      const [flag] = measureIntegrity(input);
      expect(flag!.severity).toBe('high');
      expect(flag!.measurements['awayMs']).toBe(0);
      expect(flag!.evidence).toContain('not recorded coming back');
    });

    it('counts a connected display and a tried shortcut with focus loss', () => {
      const input = scripted(ordinary, (at) => [event('display_added', at.asked(2, 10_000)), event('shortcut_attempted', at.asked(3, 10_000))]);
      const flags = measureIntegrity(input);
      expect(flags.map((flag) => [flag.type, flag.refs[0]!.number, flag.severity])).toEqual([
        ['focus_loss', 2, 'medium'],
        ['focus_loss', 3, 'low'],
      ]);
      expect(flags[0]!.measurements).toMatchObject({ eventCount: 0, displayAddedCount: 1 });
      expect(flags[1]!.measurements).toMatchObject({ eventCount: 0, shortcutAttemptCount: 1 });
    });

    it('counts the displays breaking IT’s display policy with focus loss, saying how they stood', () => {
      const input = scripted(ordinary, (at) => [event('display_policy_broken', at.asked(4, 5_000), { displays: 1, builtInDisplays: 0, builtInDisplayOnly: true })]);
      const [flag, ...rest] = measureIntegrity(input);
      expect(rest).toEqual([]);
      expect([flag!.type, flag!.refs[0]!.number, flag!.severity]).toEqual(['focus_loss', 4, 'medium']);
      expect(flag!.evidence).toBe('The displays broke IT’s display policy once during question 4 (1 display connected, none built in).');
      expect(flag!.measurements).toMatchObject({ eventCount: 0, displayPolicyCount: 1 });
    });
  });

  describe('a mirrored display', () => {
    it('counts a display mirroring the kiosk’s screen with focus loss, saying what was driven and shown', () => {
      const input = scripted(ordinary, (at) => [event('display_mirrored', at.asked(3, 2_000), { monitors: 2, displays: 1, source: '/sys/class/drm', connectors: 'eDP-1, HDMI-A-1' })]);
      const [flag, ...rest] = measureIntegrity(input);
      expect(rest).toEqual([]);
      expect([flag!.type, flag!.refs[0]!.number, flag!.severity]).toEqual(['focus_loss', 3, 'medium']);
      expect(flag!.evidence).toBe('A display mirrored the kiosk’s screen once during question 3 (2 monitors driven, 1 display shown (eDP-1, HDMI-A-1)).');
      expect(flag!.measurements).toMatchObject({ eventCount: 0, mirroredDisplayCount: 1 });
    });
  });

  describe('paste', () => {
    it('flags a paste of 300 characters on the question it happened during', () => {
      const input = scripted(ordinary, (at) => [event('paste', at.asked(5, 15_000), { inTextField: false, characters: 300 })]);
      const flags = measureIntegrity(input);
      expect(flags).toHaveLength(1);
      const [flag] = flags;
      expect(flag!.type).toBe('paste_event');
      expect(flag!.refs).toEqual([refOf(input.questions[4]!)]);
      expect(flag!.measurements).toEqual({ eventCount: 1, characters: 300 });
      expect(flag!.severity).toBe('high');
      expect(flag!.evidence).toBe('Text was pasted into the kiosk window once (300 characters) while question 5 was being answered.');
    });

    it('rates a paste of unknown length low and leaves out the character count', () => {
      const input = scripted(ordinary, (at) => [event('paste', at.asked(1, 15_000), null), event('paste', at.asked(1, 16_000), { characters: 'lots' })]);
      const [flag] = measureIntegrity(input);
      expect(flag!.severity).toBe('low');
      expect(flag!.measurements).toEqual({ eventCount: 2 });
    });
  });

  describe('what the kiosk watch saw', () => {
    const zoom = { name: 'zoom', process: 'Zoom.exe', category: 'screen_sharing' };

    it('flags a prohibited program as suspected outside help on the question it was found during, rated high', () => {
      const input = scripted(ordinary, (at) => [event('prohibited_process', at.asked(3, 20_000), zoom)]);
      const flags = measureIntegrity(input);
      expect(flags).toEqual([
        {
          type: 'suspected_outside_help',
          severity: 'high',
          confidence: 0.9,
          evidence: 'A prohibited program was found running during question 3: Zoom.exe (screen sharing or conferencing).',
          source: 'measured',
          refs: [refOf(input.questions[2]!)],
          measurements: { prohibitedProgramCount: 1 },
        },
      ]);
      expect(integrityFlagSchema.parse(flags[0])).toEqual(flags[0]);
    });

    it('gathers the programs, the virtual machine and the remote session found before the first question into one flag', () => {
      const input = scripted(ordinary, (at) => [
        event('virtual_machine', at.asked(1, -30_000), { vendor: 'VMware', source: 'systemd-detect-virt --vm', value: 'vmware' }),
        event('remote_session', at.asked(1, -30_000), { via: 'SSH', source: 'SSH_CONNECTION', value: '10.0.0.5 53422 10.0.0.9 22' }),
        event('prohibited_process', at.asked(1, -20_000), { name: 'msedge', process: 'msedge.exe', category: 'other_browser' }),
        event('prohibited_process', at.asked(1, -20_000), { name: 'Cluely', process: 'Cluely.exe', category: 'ai_assistant' }),
      ]);
      const flags = measureIntegrity(input);
      expect(flags).toHaveLength(1);
      expect(flags[0]).toMatchObject({ type: 'suspected_outside_help', severity: 'high', refs: [] });
      expect(flags[0]!.evidence).toBe(
        '2 prohibited programs were found running before the first question: msedge.exe (another browser), Cluely.exe (AI assistant). ' +
          'The kiosk was running in a virtual machine (VMware, read from systemd-detect-virt --vm). ' +
          'The kiosk was being used through a remote session (SSH, read from SSH_CONNECTION).',
      );
      expect(flags[0]!.measurements).toEqual({ prohibitedProgramCount: 2, virtualMachineCount: 1, remoteSessionCount: 1 });
    });

    it('rates another browser low, and a virtual machine or a remote session medium', () => {
      const severity = (kind: 'prohibited_process' | 'virtual_machine' | 'remote_session', details: Record<string, unknown>) =>
        measureIntegrity(scripted(ordinary, (at) => [event(kind, at.asked(2, 5_000), details)])).map((flag) => [flag.type, flag.severity]);
      expect(severity('prohibited_process', { name: 'firefox', process: 'firefox', category: 'other_browser' })).toEqual([['suspected_outside_help', 'low']]);
      expect(severity('virtual_machine', { vendor: 'KVM', source: 'systemd-detect-virt --vm' })).toEqual([['suspected_outside_help', 'medium']]);
      expect(severity('remote_session', { via: 'Remote Desktop', source: 'SESSIONNAME' })).toEqual([['suspected_outside_help', 'medium']]);
      // A row whose category is not one the kiosk writes: a program all the same, of unknown weight.
      expect(severity('prohibited_process', { name: 'tool', category: 'gadgets' })).toEqual([['suspected_outside_help', 'medium']]);
    });

    it('rates a virtual microphone and a microphone changed mid-answer medium, naming the devices', () => {
      const input = scripted(ordinary, (at) => [
        event('virtual_microphone', at.asked(2, 1_000), { label: 'BlackHole 2ch', matched: 'blackhole' }),
        event('microphone_changed', at.asked(2, 9_000), { from: 'BlackHole 2ch', to: 'none' }),
      ]);
      const flags = measureIntegrity(input);
      expect(flags).toEqual([
        {
          type: 'suspected_outside_help',
          severity: 'medium',
          confidence: expect.any(Number),
          evidence: 'The microphone in use was a virtual one: BlackHole 2ch. The microphone changed during the interview, from BlackHole 2ch to no microphone.',
          source: 'measured',
          refs: [refOf(input.questions[1]!)],
          measurements: { virtualMicrophoneCount: 1, microphoneChangeCount: 1 },
        },
      ]);
    });

    it('words a sighting whose details are missing without failing', () => {
      const input = scripted(ordinary, (at) => [event('prohibited_process', at.asked(4, 1_000), null), event('virtual_machine', at.asked(4, 1_000), { vendor: 7 })]);
      const [flag] = measureIntegrity(input);
      expect(flag!.evidence).toBe(
        'A prohibited program was found running during question 4: a program whose name was not recorded. The kiosk was running in a virtual machine.',
      );
    });

    it('leaves the focus and paste flags of the same question as they were', () => {
      const events = (at: Timeline) => [
        event('focus_lost', at.asked(2, 10_000)),
        event('focus_returned', at.asked(2, 12_000)),
        event('paste', at.asked(2, 15_000), { characters: 40 }),
      ];
      const without = measureIntegrity(scripted(ordinary, events));
      const withSighting = measureIntegrity(scripted(ordinary, (at) => [...events(at), event('prohibited_process', at.asked(2, 11_000), zoom)]));
      expect(withSighting.filter((flag) => flag.type !== 'suspected_outside_help')).toEqual(without);
      // Rated high, it comes first among the question's flags.
      expect(withSighting.map((flag) => flag.type)).toEqual(['suspected_outside_help', ...without.map((flag) => flag.type)]);
    });
  });

  it('puts events from before the first question on no question, first', () => {
    const input = scripted(ordinary, (at) => [
      event('paste', at.asked(1, -60_000), { characters: 10 }),
      event('focus_lost', at.asked(2, 5_000)),
      event('focus_returned', at.asked(2, 6_000)),
    ]);
    const flags = measureIntegrity(input);
    expect(flags.map((flag) => [flag.type, flag.refs.length])).toEqual([
      ['paste_event', 0],
      ['focus_loss', 1],
    ]);
    expect(flags[0]!.evidence).toContain('before the first question');
  });

  it('sorts by question number, then severity, highest first', () => {
    const input = scripted(
      [question(1), question(5, normalAnswer({ words: 140, responseTimeMs: 1_000, wordsPerMinute: 230 })), question(3)],
      (at) => [event('paste', at.asked(3, 10_000), { characters: 20 }), event('paste', at.asked(2, 10_000), { characters: 500 })],
    );
    const flags = measureIntegrity(input);
    expect(flags.map((flag) => [flag.refs[0]!.number, flag.type, flag.severity])).toEqual([
      [2, 'paste_event', 'high'],
      [2, 'response_timing_anomaly', 'medium'],
      [2, 'speaking_rate_anomaly', 'medium'],
      [3, 'paste_event', 'medium'],
    ]);
  });

  it('skips rules whose measurements are missing, without failing', () => {
    const unmeasured = { words: 150, responseTimeMs: null, speechMs: null, pauseMs: null, segmentCount: null };
    const questions = [
      question(5, unmeasured),
      // No difficulty: a fast start cannot be judged against it.
      question(null, normalAnswer({ words: 140, responseTimeMs: 300 })),
      question(4, null),
      // A long silence, but no speech measured to say whether the answer was fluent.
      question(5, { ...unmeasured, responseTimeMs: 20_000 }),
    ];
    // Returns with nothing left to return from.
    const input = scripted(questions, (at) => [event('focus_returned', at.asked(1, 1_000)), event('window_shown', at.asked(2, 1_000))]);
    expect(measureIntegrity(input)).toEqual([]);
    expect(measureIntegrity({ questions: [], events: [] })).toEqual([]);
  });
});
