import type { Page } from 'playwright-core';

/**
 * What the interview screen shows, read in one go from the page: for the
 * e2e tests and the conversation benchmark (no vitest here, so a plain Node
 * process can use it).
 */
export interface InterviewScreenState {
  /** The turn indicator ("Listening…", "Thinking…", …), '' when none is shown. */
  turn: string;
  question: number | null;
  nothingRecorded: boolean;
  readyToSubmit: boolean;
  problem: string;
}

export function interviewScreenState(page: Page): Promise<InterviewScreenState> {
  return page.evaluate(() => {
    const text = (selector: string) => (document.querySelector(selector)?.textContent ?? '').replace(/\s+/g, ' ').trim();
    const progress = /Question (\d+) of/.exec(text('.interview-progress'));
    const alerts = [...document.querySelectorAll('[role="alert"]')].map((node) => (node.textContent ?? '').trim()).filter(Boolean);
    return {
      turn: text('.turn'),
      question: progress ? Number(progress[1]) : null,
      nothingRecorded: text('.answer-saved').startsWith('Nothing recorded'),
      readyToSubmit: text('#submit-title').startsWith('You have answered all the questions'),
      problem: alerts.join(' '),
    };
  });
}
