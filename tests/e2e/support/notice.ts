import type { Page } from 'playwright-core';
import { expectScreen } from './flows';

/** The heading of the notice shipped in resources/notice/en/ (its newest version). */
export const NOTICE_TITLE = 'Before your interview';

/** A candidate who has not yet answered the current notice reads it and chooses “I agree”; the equipment check comes next. */
export async function agreeToNotice(page: Page): Promise<void> {
  await expectScreen(page, NOTICE_TITLE);
  await page.getByRole('button', { name: 'I agree', exact: true }).click();
}

/**
 * For flows a test may run after the candidate agreed earlier (the notice
 * is then not shown again): agrees if the notice comes, else goes on. Waits
 * for one of the two screens, so it never races the notice's loading.
 */
export async function agreeToNoticeIfAsked(page: Page): Promise<void> {
  const notice = page.getByRole('heading', { level: 1, name: NOTICE_TITLE, exact: true });
  const equipment = page.getByRole('heading', { level: 1, name: 'Check your equipment', exact: true });
  await notice.or(equipment).first().waitFor();
  if (await notice.isVisible()) await page.getByRole('button', { name: 'I agree', exact: true }).click();
}
