import { strongPassword } from '../../support/test-app';
import { createInterviewHarness, scriptAi, type HarnessOptions, type InterviewHarness } from '../interview/support';
import type { FakeOpenAi } from '../../fixtures/fake-openai/index';

/** The proctoring tests' people and windows. */
export const ADMIN_WINDOW = 'admin-laptop';
export const PIN = '482913';
export const PROCTOR = 'proctor@example.com';

/**
 * A kiosk where sittings are required (the default), with an admin, a
 * proctor account and `candidateEmail` registered (signed out). It goes
 * into `opened` at once, for the caller to close even if setting up fails.
 */
export async function proctoredKiosk(
  server: FakeOpenAi,
  candidateEmail: string,
  opened: InterviewHarness[],
  options: Omit<HarnessOptions, 'interview'> = {},
): Promise<InterviewHarness> {
  const h = createInterviewHarness(server, { ...options, interview: { requireProctorSitting: true } });
  opened.push(h);
  scriptAi(server);
  await h.ok('setup.createFirstAdmin', { email: 'admin@example.com', password: strongPassword, fullName: 'Ada Admin' }, ADMIN_WINDOW);
  await h.ok('staff.create', { email: PROCTOR, password: strongPassword, fullName: 'Priya Proctor', role: 'proctor' }, ADMIN_WINDOW);
  await h.signUp(candidateEmail);
  await h.ok('auth.signOut', {});
  return h;
}
