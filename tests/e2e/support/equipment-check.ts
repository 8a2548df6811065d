import type { Page } from 'playwright-core';
import { expectScreen } from './flows';
import type { scriptedMicrophone } from './scripted-microphone';
import { agreeToNoticeIfAsked } from './notice';

/**
 * Choose React, pass the equipment check by speaking `wav` into the
 * scripted microphone, start. The detector loads when "Say something" is
 * pressed, so the words are said again until the check has heard them.
 * No vitest here: the conversation benchmark drives it from plain Node too.
 */
export async function startInterviewByVoice(page: Page, mic: ReturnType<typeof scriptedMicrophone>, wav: Buffer): Promise<void> {
  await page.getByRole('radio', { name: 'React' }).check();
  await page.getByRole('button', { name: 'Check equipment', exact: true }).click();
  await agreeToNoticeIfAsked(page);
  await expectScreen(page, 'Check your equipment');
  await page.getByRole('button', { name: 'Say something', exact: true }).click();
  const heard = page.getByRole('status').filter({ hasText: 'We heard you.' });
  for (let attempt = 1; ; attempt++) {
    await page.getByRole('status').filter({ hasText: /Listening… Say a few words|Hearing you|We heard you/ }).waitFor({ timeout: 30_000 });
    await mic.play(wav);
    await mic.idle();
    if (await heard.waitFor({ timeout: 3000 }).then(() => true, () => false)) break;
    if (attempt === 5) throw new Error('The equipment check never heard the scripted microphone in 5 tries: is the voice detector loading in this Chromium?');
  }
  await page.getByRole('button', { name: 'Start the interview', exact: true }).click();
  await expectScreen(page, 'Your interview');
}
