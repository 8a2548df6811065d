import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Test files that take longest, longest first, as measured by a clean-clone
 * `.ci/run` on 2 cores (seconds in the comments). A clean clone has no
 * vitest cache of past durations, so vitest orders files by size, and a
 * long file that happens to be small starts near the end: in the end-to-end
 * run the 131 s conversation test was started twelfth, and for its last
 * minute one Chromium worked while the other workers sat idle. Started
 * first, the long files run beside the short ones instead.
 *
 * Only the order changes: a file left out (or renamed) keeps vitest's own
 * place for it, so a stale entry costs time, never a test.
 */
const LONGEST: readonly string[] = [
  // end to end (npm run test:e2e)
  'tests/e2e/voice-conversation.test.ts', // 131
  'tests/e2e/voice-interview-offline.test.ts', // 88
  'tests/e2e/voice-echo.test.ts', // 74
  'tests/e2e/interview-ui.test.ts', // 71
  'tests/e2e/proctor-sitting.test.ts', // 64
  'tests/e2e/voice-interview.test.ts', // 51
  'tests/e2e/review.test.ts', // 34
  'tests/e2e/resume-feedback.test.ts', // 33
  'tests/e2e/voice-interview-crash.test.ts', // 31
  // unit, shell and integration (npm run test:unit)
  'tests/integration/resumes/extraction-cli.test.ts', // 40
  'tests/unit/shell/startup.test.ts', // 40
  'tests/integration/interview/bank-audio/bank-audio.test.ts', // 35
  'tests/integration/ipc/channel-properties.test.ts', // 22
  'tests/integration/sync/convergence/killed-device.test.ts', // 16
  'tests/integration/resumes/extraction.test.ts', // 16
  'tests/integration/interview/bank-audio/bank-audio-app.test.ts', // 15
  'tests/unit/shell/core-process.test.ts', // 13
];

export class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (file: TestSpecification) => {
      const at = LONGEST.indexOf(relative(this.ctx.config.root, file.moduleId).replaceAll('\\', '/'));
      return at === -1 ? LONGEST.length : at;
    };
    // Array.prototype.sort is stable: files not listed keep vitest's order among themselves.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}
