import type { Page } from 'playwright-core';

/** 16-bit mono PCM of a quiet 440 Hz tone, base64, as `interview.audio` carries it. */
export function tonePcmBase64(durationMs: number, sampleRate = 24_000): string {
  const samples = Math.round((durationMs / 1000) * sampleRate);
  const pcm = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) pcm.writeInt16LE(Math.round(0.05 * 0x7fff * Math.sin((2 * Math.PI * 440 * i) / sampleRate)), i * 2);
  return pcm.toString('base64');
}

/**
 * Every text the elements matching `selector` showed, in order, from now on.
 * A short state ("Playing…" for 300 ms) can come and go between two polls;
 * a MutationObserver in the page sees every change.
 */
export async function recordTexts(page: Page, selector: string): Promise<() => Promise<string[]>> {
  const key = `__recorded_${Math.random().toString(36).slice(2)}`;
  await page.evaluate(
    ([name, css]) => {
      const seen: string[] = [];
      (window as unknown as Record<string, unknown>)[name] = seen;
      const note = () => {
        for (const element of document.querySelectorAll(css)) {
          const text = (element.textContent ?? '').replace(/\s+/g, ' ').trim();
          if (text && seen[seen.length - 1] !== text) seen.push(text);
        }
      };
      new MutationObserver(note).observe(document.body, { subtree: true, childList: true, characterData: true });
      note();
    },
    [key, selector] as const,
  );
  return () => page.evaluate((name) => [...((window as unknown as Record<string, string[]>)[name] ?? [])], key);
}
