import { afterEach } from 'vitest';
import type { FakeOpenAi } from '../../../fixtures/fake-openai/index';
import { createInterviewHarness, type HarnessOptions, type InterviewHarness } from '../support';

// Apart from ../support.ts, which benchmarks import too: vitest's hooks fail outside a vitest run.
/**
 * Harnesses a test makes (a restart makes a second on the same data
 * folder), each closed after the test, the newest first.
 */
export function useInterviewHarnesses(fake: { readonly server: FakeOpenAi }): (options?: HarnessOptions) => InterviewHarness {
  const open: InterviewHarness[] = [];
  afterEach(() => {
    for (const h of open.splice(0).reverse()) h.close();
  });
  return (options = {}) => {
    const h = createInterviewHarness(fake.server, options);
    open.push(h);
    return h;
  };
}
