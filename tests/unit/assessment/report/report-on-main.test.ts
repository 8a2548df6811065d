import fc from 'fast-check';
import { PDFDocument, StandardFonts, type PDFFont } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { InterviewReview, TranscriptEntry } from '../../../../shared/domain/assessment';
import { renderAssessmentReport } from '../../../../src-main/assessment/report/assessment-report';
import { toPdfText, wrapText } from '../../../../src-main/assessment/report/pdf-text';

/**
 * The PDF report is made on main's event loop, beside IPC and a running
 * interview's audio (bench/main-thread.bench.ts measured a 20-question report
 * holding it for up to half a second). These check that it now lets other
 * work run while it renders, and that the faster line measuring and text
 * cleaning give exactly what the plain way gives.
 */

const ANSWER =
  'I would profile first with the React profiler to see which components render on each keystroke and why, then move the search ' +
  'state down next to the input, memoise the expensive list, and debounce the query so the list only filters after a short pause.';

function entry(n: number): TranscriptEntry {
  return {
    number: n,
    question: {
      messageId: `q-${n}`,
      text: `Question ${n}: how would you find out why a dashboard re-renders on every keystroke?`,
      phase: 'standard',
      skillId: 'react-performance',
      skillName: 'Rendering performance',
      difficulty: 3,
      askedAt: '2026-11-26T09:10:00.000Z',
      firstAskedAs: null,
    },
    answer: { messageId: `a-${n}`, text: `${ANSWER} ${ANSWER}`, hasAudio: true, typed: false, audioDurationSeconds: 60, responseTimeSeconds: 2, answeredAt: '2026-11-26T09:11:00.000Z', continued: 0, endedBy: 'words' },
  };
}

const QUESTIONS = 24;

const review: InterviewReview = {
  interviewId: 'interview-1',
  candidateName: 'Casey Candidate',
  candidateEmail: 'casey@example.com',
  roleType: 'react',
  roleTitle: 'Senior React Engineer',
  interviewStatus: 'completed',
  reviewStatus: 'scoring',
  startedAt: '2026-11-26T09:10:00.000Z',
  completedAt: '2026-11-26T09:52:30.000Z',
  durationSeconds: 2550,
  totalTokensUsed: 48_213,
  costUsd: 0.4187,
  unpricedCalls: 0,
  unpricedModels: [],
  assessment: null,
  scoring: { state: 'running', lastError: null },
  transcript: Array.from({ length: QUESTIONS }, (_, i) => entry(i + 1)),
  integrityEvents: [],
  aiRecommendation: null,
  decisions: [],
  sittings: [],
};

describe('the PDF report on main’s event loop', () => {
  it('lets other work run while it renders a long transcript, and makes the same file as rendering it in one go', async () => {
    let turns = 0;
    let rendering = true;
    const count = () => {
      if (!rendering) return;
      turns++;
      setImmediate(count);
    };
    setImmediate(count);
    const generatedAt = new Date('2026-11-26T12:00:00.000Z');
    const bytes = await renderAssessmentReport(review, { generatedAt });
    rendering = false;

    // At least one turn of the loop per transcript entry (made whole, the report gave it only a few).
    expect(turns).toBeGreaterThanOrEqual(QUESTIONS);
    // Pausing changes nothing in the file: the same review renders to the same bytes, in any company.
    const again = await renderAssessmentReport(review, { generatedAt });
    expect(Buffer.from(again).equals(Buffer.from(bytes))).toBe(true);
    expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
  });
});

describe('wrapText', () => {
  let fonts: PDFFont[];
  beforeAll(async () => {
    const doc = await PDFDocument.create();
    fonts = [await doc.embedFont(StandardFonts.Helvetica), await doc.embedFont(StandardFonts.HelveticaBold)];
  });

  /** The plain way: measure each candidate line whole. */
  function wrapMeasuringWholeLines(text: string, font: PDFFont, size: number, maxWidth: number): string[] {
    const fits = (line: string) => font.widthOfTextAtSize(line, size) <= maxWidth;
    const lines: string[] = [];
    for (const paragraph of toPdfText(text).split('\n')) {
      let line = '';
      for (const word of paragraph.split(' ').filter((w) => w.length > 0)) {
        const candidate = line ? `${line} ${word}` : word;
        if (fits(candidate)) {
          line = candidate;
          continue;
        }
        if (line) lines.push(line);
        line = word;
        while (!fits(line)) {
          let cut = 1;
          while (cut < line.length && fits(line.slice(0, cut + 1))) cut += 1;
          lines.push(line.slice(0, cut));
          line = line.slice(cut);
        }
      }
      if (line) lines.push(line);
    }
    return lines.length > 0 ? lines : [''];
  }

  it('breaks lines exactly where measuring each whole line would, kerned pairs such as "AV" and "T." included', () => {
    // Letters Helvetica kerns against each other and against the space, so every join is tested.
    const letters = fc.constantFrom(...'AVTWYLPFkaeoyrv.,;:-!?\'"0123456789 \n é—'.split(''));
    fc.assert(
      fc.property(
        fc.string({ unit: letters, maxLength: 300 }),
        fc.constantFrom(0, 1),
        fc.constantFrom(8.5, 10, 13),
        fc.constantFrom(40, 85, 160, 385, 495),
        (text, fontIndex, size, width) => {
          const font = fonts[fontIndex]!;
          expect(wrapText(text, font, size, width)).toEqual(wrapMeasuringWholeLines(text, font, size, width));
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('toPdfText', () => {
  it('treats a string as the sum of its characters, whether it is plain ASCII (taken as it is) or not', () => {
    // No combining marks or \r here: those join with their neighbour, so they are not one character's business.
    const characters = fc.constantFrom(...'abcXYZ 019.,!~\n\té€—“”ąłŁ😀\u200b\u00ad\u0007あ'.split(/(?:)/u));
    fc.assert(
      fc.property(fc.array(characters, { maxLength: 60 }), (chars) => {
        expect(toPdfText(chars.join(''))).toBe(chars.map((char) => toPdfText(char)).join(''));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps printable ASCII and line breaks as they are, and cleans what Helvetica cannot draw', () => {
    expect(toPdfText('Plain text, with (brackets) & symbols ~ 100%.\nSecond line')).toBe('Plain text, with (brackets) & symbols ~ 100%.\nSecond line');
    expect(toPdfText('one\r\ntwo\rthree\u2028four')).toBe('one\ntwo\nthree\nfour');
    expect(toPdfText('tab\there')).toBe('tab here');
    expect(toPdfText('Łukasz → ok\u200b')).toBe('Lukasz -> ok');
    expect(toPdfText('emoji 😀')).toBe('emoji ?');
  });
});
