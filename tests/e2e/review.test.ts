import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCRIPTED_RECOMMENDATION, SCRIPTED_STRENGTH, SCRIPTED_WEAKNESS } from '../fixtures/scoring-ai';
import { expectNoSeriousA11yViolations } from './support/axe';
import { admin, candidate, expectScreen, focusedElement, recruiter } from './support/flows';
import { TestSmtpServer } from '../support/smtp-server';
import { waitForScoring } from './support/seed-interview';
import { setUpReview, signInAsStaff, storeSmtpPassword, useReviewKit } from './support/review-flows';
import { AI_SCORES_ARE_A_RECOMMENDATION } from '../../shared/copy/review-words';
import { overrideReasonNeeded } from '../../shared/domain/ai-recommendation';

/**
 * The recruiters' review of a scored interview, through the real main
 * process: an interview is taken and submitted through main's dispatcher
 * (no kiosk UI), the fake OpenAI server scores it, and staff review it in
 * Chromium: dashboard, search, assessment, recordings, evidence links,
 * decisions, the PDF report and the candidate's explanation pack (the
 * viewer's side: review-viewer.test.ts).
 */
const kit = useReviewKit();

describe('reviewing interviews', () => {
  it('lets a recruiter find a scored interview, hear an answer, follow the evidence, decide, export a PDF and send the candidate their explanation pack', async () => {
    const smtp = new TestSmtpServer();
    await smtp.start();
    kit.harness.track(null, () => smtp.stop());
    const { host, app } = await kit.start({}, smtp.port);
    const { page } = app;
    const { interviewId } = await setUpReview(page, host, recruiter, 'recruiter');
    await storeSmtpPassword(host);
    const review = await waitForScoring(host, admin, interviewId);
    const overall = String(Math.round(review.assessment!.overallScore!));

    await signInAsStaff(page, recruiter);
    const table = page.getByRole('table', { name: /^Interviews/ });
    const row = table.getByRole('row').filter({ hasText: candidate.email });
    await row.waitFor();
    await row.getByRole('cell', { name: `${overall} out of 100` }).first().waitFor();
    await row.getByText('Complete', { exact: true }).waitFor();
    await expectNoSeriousA11yViolations(page, 'interviews dashboard');

    // Search is by name or email, sent once typing pauses.
    const search = page.getByLabel('Search by name or email');
    await search.fill('nobody-like-this');
    await page.getByText('No interviews match.').waitFor();
    expect(await row.count()).toBe(0);
    await search.fill('okafor');
    await row.waitFor();
    expect(await table.getByRole('row').count()).toBe(2); // the header and Grace's row

    // Filters go to main too: a score above Grace's hides her, and one button clears everything.
    await page.getByLabel('Lowest overall').fill(String(Math.min(100, Number(overall) + 1)));
    await page.getByText('No interviews match.').waitFor();
    await page.getByRole('button', { name: 'Clear search and filters', exact: true }).click();
    await row.waitFor();
    expect(await search.inputValue()).toBe('');
    await page.getByLabel('Status', { exact: true }).selectOption('complete');
    await row.waitFor();

    // Sorting says so to assistive technology.
    const overallHeader = table.getByRole('columnheader', { name: 'Overall' });
    await overallHeader.getByRole('button').click();
    await expect.poll(() => overallHeader.getAttribute('aria-sort')).toBe('descending');

    // Opened from the keyboard; the interview's heading takes focus.
    await row.getByRole('button', { name: new RegExp(candidate.fullName) }).focus();
    await page.keyboard.press('Enter');
    await expectScreen(page, `Interview: ${candidate.fullName}`);
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    const overallTile = page.getByRole('group', { name: 'Overall score' });
    await expect.poll(() => overallTile.innerText()).toMatch(new RegExp(`^Overall score\\s+${overall}\\s*/ 100$`));
    await page.getByText(AI_SCORES_ARE_A_RECOMMENDATION).waitFor();
    await page.getByRole('img', { name: /Skill scores out of 100/ }).waitFor();
    await page.getByRole('region', { name: 'Strengths', exact: true }).getByText(SCRIPTED_STRENGTH).first().waitFor();
    await page.getByRole('region', { name: 'Recommended actions', exact: true }).getByText(SCRIPTED_RECOMMENDATION).first().waitFor();
    await page.getByText(/^\$\d+\.\d{4}$/).waitFor();
    await expectNoSeriousA11yViolations(page, 'interview detail');
    // The scores are on screen as it opens; the transcript, further down, not yet: no decision until it has been.
    await page.getByText('Still to see: the transcript.').waitFor();

    // The first answer's recording, fetched on demand and played from a blob URL.
    await page.getByRole('button', { name: 'Play answer 1', exact: true }).click();
    const audio = page.locator('#transcript-q1 audio');
    await audio.waitFor();
    expect(await audio.getAttribute('src')).toMatch(/^blob:/);
    const duration = await audio.evaluate(
      (element: HTMLAudioElement) =>
        new Promise<number>((resolve, reject) => {
          if (element.readyState >= 1) return resolve(element.duration);
          element.addEventListener('loadedmetadata', () => resolve(element.duration), { once: true });
          element.addEventListener('error', () => reject(new Error(`audio error ${element.error?.code}`)), { once: true });
        }),
    );
    expect(duration).toBeGreaterThan(0);

    // A weakness's evidence link takes the reader to that answer in the transcript.
    const weaknesses = page.getByRole('region', { name: 'Weaknesses', exact: true });
    const weakness = weaknesses.getByRole('listitem').filter({ hasText: SCRIPTED_WEAKNESS });
    const ref = weakness.getByRole('link', { name: /^Q\d+/ }).first();
    const number = Number(/^Q(\d+)/.exec((await ref.innerText()).trim())?.[1]);
    expect(number).toBeGreaterThan(0);
    await ref.click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe(`transcript-q${number}`);
    await expect
      .poll(() =>
        page.evaluate((id) => {
          const rect = document.getElementById(id)!.getBoundingClientRect();
          return rect.top >= 0 && rect.top < window.innerHeight;
        }, `transcript-q${number}`),
      )
      .toBe(true);
    expect(await page.locator(`#transcript-q${number}`).getAttribute('class')).toContain('transcript-entry-highlight');

    // A decision, then the history. The scores and the transcript have been on screen: main recorded it, and the panel says so.
    const decision = page.getByRole('region', { name: 'Decision', exact: true });
    await decision.getByText(/scroll through the scores and the transcript before deciding\. You have seen them\./).waitFor();
    // The AI's advance/hold/reject is advice beside the form; deciding otherwise asks for a reason.
    const recommended = review.aiRecommendation!.decision;
    const chosen = recommended === 'hold' ? 'advance' : 'hold';
    const label = (kind: string) => kind[0]!.toUpperCase() + kind.slice(1);
    const [recommendedLabel, chosenLabel] = [label(recommended), label(chosen)];
    await decision.getByText(`AI recommendation: ${recommendedLabel}.`).waitFor();
    await decision.getByRole('radio', { name: chosenLabel }).check();
    await decision.getByRole('button', { name: 'Record decision', exact: true }).click();
    await decision.getByText(overrideReasonNeeded(chosen, recommended)).waitFor();
    await expect.poll(() => focusedElement(page)).toBe('textarea "Reason for overriding the AI’s recommendation (required)"');
    const note = 'Strong on state; hold until the performance deep-dive.';
    await decision.getByLabel('Reason for overriding the AI’s recommendation (required)').fill(note);
    await decision.getByRole('button', { name: 'Record decision', exact: true }).click();
    await decision.getByRole('status').filter({ hasText: `Decision recorded: ${chosenLabel}.` }).waitFor();
    const history = decision.getByRole('region', { name: 'Decision history' });
    const entry = history.getByRole('listitem').first();
    await entry.getByText(`by ${recruiter.fullName}`).waitFor();
    await entry.getByText(chosenLabel, { exact: true }).waitFor();
    await entry.getByText(`Overrode the AI’s recommendation (${recommendedLabel}). Reason:`).waitFor();
    await entry.getByText(note).waitFor();

    // The PDF report.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export PDF', exact: true }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    const saved = join(kit.downloads(), download.suggestedFilename());
    await download.saveAs(saved);
    expect(readFileSync(saved).subarray(0, 4).toString('latin1')).toBe('%PDF');
    expect(statSync(saved).size).toBeGreaterThan(1024);
    await page.getByRole('status').filter({ hasText: /The report .*\.pdf is ready\./ }).waitFor();

    // The AI audit trail: every step in words, checked against its hash chain, and exported whole as JSON.
    const trail = page.getByRole('region', { name: 'AI audit trail', exact: true });
    await trail.getByText('The trail verifies: every entry matches its hash and none is missing.').waitFor();
    await trail.getByRole('rowheader', { name: /^Finished scoring: 4 of 4 passes/ }).waitFor();
    await trail.getByRole('rowheader', { name: 'Scored one skill' }).first().waitFor();
    const [trailDownload] = await Promise.all([page.waitForEvent('download'), trail.getByRole('button', { name: 'Export trail (JSON)', exact: true }).click()]);
    expect(trailDownload.suggestedFilename()).toBe(`audit-trail-${interviewId}.json`);
    const trailFile = join(kit.downloads(), trailDownload.suggestedFilename());
    await trailDownload.saveAs(trailFile);
    expect(JSON.parse(readFileSync(trailFile, 'utf8'))).toMatchObject({ interviewId, chains: [{ intact: true }] });
    await expectNoSeriousA11yViolations(page, 'interview detail with the AI audit trail');

    // The candidate's explanation pack, from the keyboard: prepared, read (what would have changed the outcome, the PDF), approved, emailed.
    const pack = page.getByRole('region', { name: 'Explanation pack for the candidate', exact: true });
    await pack.getByText('Not sent: nobody has approved a pack for this candidate yet.').waitFor();
    await pack.getByRole('button', { name: 'Prepare pack', exact: true }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => focusedElement(page)).toBe('h3 "The pack as it stands"');
    const changes = pack.getByRole('list', { name: 'What would most have changed the outcome' }).getByRole('listitem');
    expect(await changes.first().innerText()).toMatch(/^Had your .+ score been \d+ instead of \d+, the AI would have recommended \w+ instead of \w+\.$/);
    const [packPdf] = await Promise.all([page.waitForEvent('download'), pack.getByRole('button', { name: 'Download PDF', exact: true }).click()]);
    expect(packPdf.suggestedFilename()).toMatch(/^explanation-pack-.+\.pdf$/);
    const [packZip] = await Promise.all([page.waitForEvent('download'), pack.getByRole('button', { name: 'Save all with recordings (ZIP)', exact: true }).click()]);
    const zipFile = join(kit.downloads(), packZip.suggestedFilename());
    await packZip.saveAs(zipFile);
    expect(readFileSync(zipFile).subarray(0, 2).toString('latin1')).toBe('PK');
    await expectNoSeriousA11yViolations(page, 'the explanation pack prepared');
    expect(smtp.mails).toHaveLength(0);
    await pack.getByRole('button', { name: `Approve and send to ${candidate.email}`, exact: true }).focus();
    await page.keyboard.press('Enter');
    await pack.getByRole('status').filter({ hasText: `Approved. The pack is on its way to ${candidate.email}.` }).waitFor();
    await pack.getByText(new RegExp(`^Sent to the candidate \\(approved by ${recruiter.fullName} on `)).waitFor({ timeout: 15_000 });
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]!.to).toBe(candidate.email);
    expect(smtp.mails[0]!.attachments.map((file) => file.filename)).toEqual(expect.arrayContaining([packPdf.suggestedFilename(), 'recording-q01.wav']));

    // Back on the dashboard, the row shows the decision and has focus again.
    await page.getByRole('button', { name: 'Back to interviews', exact: true }).click();
    await expectScreen(page, 'Interviews');
    await row.getByRole('cell', { name: chosenLabel, exact: true }).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe(`review-open-${interviewId}`);
  });
});
