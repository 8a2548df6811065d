import { describe, expect, it } from 'vitest';
import { RECORDINGS_ATTACH_CAP_BYTES, type ExplanationPack } from '../../../../shared/domain/explanation-pack';
import { packEmailText, recordingsFit, recordingsNote } from '../../../../src-main/assessment/explanation/pack-email';

const pack = (recordings: number): ExplanationPack =>
  ({
    candidate: { name: 'Casey Candidate', email: 'casey@example.com' },
    interview: { roleTitle: 'React Developer' },
    recommendation: { words: 'The AI recommends hold: overall score 64, hold from 50, advance from 70.' },
    whatWouldHaveChanged: [{ sentence: 'Had your Testing score been 80 instead of 62, the AI would have recommended advance instead of hold.' }],
    peoplePart: { decisions: [] },
    recordings: Array.from({ length: recordings }, (_, i) => ({ number: i + 1, fileName: `recording-q0${i + 1}.wav` })),
  }) as unknown as ExplanationPack;

describe('the pack email', () => {
  it('attaches the recordings up to the cap and offers them on request above it', () => {
    expect(recordingsFit(RECORDINGS_ATTACH_CAP_BYTES)).toBe(true);
    expect(recordingsFit(RECORDINGS_ATTACH_CAP_BYTES + 1)).toBe(false);
    expect(packEmailText(pack(2), true)).toContain('2 recordings of your spoken answers (recording-q01.wav, recording-q02.wav): attached to this email.');
    const tooLarge = packEmailText(pack(2), false);
    expect(tooLarge).toContain('too large to attach together; they are available on request');
    expect(tooLarge).not.toContain('attached to this email');
  });

  it('says what would have changed the recommendation, that no decision is made yet, and how to ask for more', () => {
    const text = packEmailText(pack(1), true);
    expect(text).toContain('- Had your Testing score been 80 instead of 62');
    expect(text).toContain('No decision has been made yet; a named recruiter will decide.');
    expect(text).toMatch(/human review, a correction or the deletion/);
    expect(recordingsNote(pack(0), true)).toMatch(/^No recordings/);
    expect(recordingsNote(pack(1), null)).toContain('1 recording of your spoken answers (recording-q01.wav): attached to the email when together under 20 MB');
  });
});
