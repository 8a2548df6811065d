import Database from 'better-sqlite3';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DECLINED } from '../../shared/copy/consent-messages';
import { loadNotices } from '../../src-main/consent/notices';
import { fakeMicrophoneArgs, makeSpeechWav } from '../fixtures/audio/make-speech-wav';
import { expectNoSeriousA11yViolations } from './support/axe';
import { admin, candidate, completeSetup, expectScreen, fillSignIn, focusedElement, registerCandidate, signOut } from './support/flows';
import { useKioskHarness } from './support/harness';
import { NOTICE_TITLE } from './support/notice';
import { tabTo } from './support/proctor-flows';

/**
 * Notice and consent before the AI interview (issue 18, point 1), on the
 * real main process: the notice comes before the equipment check (which
 * opens the microphone); declining records the answer and nothing else;
 * agreeing records which notice, and the equipment check follows.
 */
const harness = useKioskHarness({ chromiumArgs: () => fakeMicrophoneArgs(makeSpeechWav({ text: 'Testing, one two three.' })) });
const notice = loadNotices(fileURLToPath(new URL('../../resources', import.meta.url))).en;

function stored(dataDir: string) {
  const db = new Database(join(dataDir, 'kiosk.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    return {
      consent: db.prepare('SELECT notice_version, notice_language, notice_sha256, choice, kiosk_id, sitting_id FROM consent_records ORDER BY answered_at').all(),
      queued: count("sync_outbox WHERE table_name = 'consent_records'"),
      interviews: count('interviews'),
      storedFiles: count('stored_files'),
      messages: count('interview_messages'),
    };
  } finally {
    db.close();
  }
}

/** Every file in the content store, where answers' recordings are kept. */
function contentStoreFiles(dataDir: string): string[] {
  const dir = join(dataDir, 'files');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true }).map(String).filter((name) => statSync(join(dir, name)).isFile());
}

/** A new kiosk, its admin set up, and a new candidate who chose React and Check equipment: the notice is on screen. */
async function candidateAtNotice() {
  const { host, app } = await harness.start();
  const { page } = app;
  await completeSetup(page);
  await signOut(page);
  await registerCandidate(page, candidate);
  await page.getByRole('radio', { name: 'React' }).check();
  await page.getByRole('button', { name: 'Check equipment', exact: true }).click();
  await expectScreen(page, NOTICE_TITLE);
  return { host, page };
}

describe('notice and consent at the kiosk', () => {
  it('a candidate who declines is told staff will follow up; nothing is recorded and no interview exists', async () => {
    const { host, page } = await candidateAtNotice();

    // What it says, before anything can hear them.
    for (const words of ['An AI will interview you', 'It does NOT analyse your emotions', 'A person makes the decision', 'kept until you or an administrator ask for them to be erased.', 'Your rights']) {
      await page.getByText(words).first().waitFor();
    }
    expect(await page.getByRole('meter', { name: /Microphone level/ }).count()).toBe(0);
    expect(await focusedElement(page)).toBe(`h1 "${NOTICE_TITLE}"`);
    await expectNoSeriousA11yViolations(page, 'notice before the interview');

    // Keyboard only: Tab to the choice, Enter.
    await tabTo(page, 'button "I do not agree — I want an interview with a person"');
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: DECLINED }).waitFor();
    expect(await focusedElement(page)).toBe(`div "${DECLINED}"`);
    await expectNoSeriousA11yViolations(page, 'notice declined');

    expect(stored(host.dataDir)).toEqual({
      consent: [{ notice_version: 'v1', notice_language: 'en', notice_sha256: notice.sha256, choice: 'decline', kiosk_id: expect.any(String), sitting_id: null }],
      queued: 1,
      interviews: 0,
      storedFiles: 0,
      messages: 0,
    });
    // No recording anywhere: the content store (where answers' audio goes) holds no file.
    expect(contentStoreFiles(host.dataDir)).toEqual([]);

    await page.getByRole('button', { name: 'Back to the start', exact: true }).click();
    await expectScreen(page, `Welcome, ${candidate.fullName}`);

    // Staff see the request to follow up.
    await signOut(page);
    await page.getByRole('button', { name: 'Staff sign-in', exact: true }).click();
    await expectScreen(page, 'Staff sign-in');
    await fillSignIn(page, admin.email, admin.password);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Requests to follow up' }).click();
    await expectScreen(page, 'Requests to follow up');
    const row = page.getByRole('region', { name: 'Candidates waiting for a member of staff' }).getByRole('row').filter({ hasText: candidate.email });
    await row.getByText('Declined the AI interview: wants an interview with a person').waitFor();
    await expectNoSeriousA11yViolations(page, 'requests to follow up');
  });

  it('a candidate who agrees has the notice version and hash recorded, then checks their equipment; they are not asked again', async () => {
    const { host, page } = await candidateAtNotice();
    await page.getByRole('button', { name: 'I agree', exact: true }).click();
    await expectScreen(page, 'Check your equipment');

    const after = stored(host.dataDir);
    expect(after.consent).toEqual([{ notice_version: 'v1', notice_language: 'en', notice_sha256: notice.sha256, choice: 'consent', kiosk_id: expect.any(String), sitting_id: null }]);
    expect(after.queued).toBe(1); // waiting to sync (tests/integration/sync proves the hosted side)

    // Back home and on again: the same notice is not asked twice.
    await page.getByRole('button', { name: 'Back', exact: true }).click();
    await page.getByRole('radio', { name: 'React' }).check();
    await page.getByRole('button', { name: 'Check equipment', exact: true }).click();
    await expectScreen(page, 'Check your equipment');
    expect(stored(host.dataDir).consent).toHaveLength(1);
  });
});
