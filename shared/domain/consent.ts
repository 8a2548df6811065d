import { z } from 'zod';

/**
 * Notice and consent before an AI interview (issue 18, point 1). The notice
 * is a versioned text in resources/notice/<language>/v<N>.md; a candidate's
 * answer to it is a consent record that names the version and the SHA-256
 * of the exact text they were shown.
 */

/** What a candidate can answer. Only 'consent' lets the interview (and any recording) begin. */
export const consentChoices = ['consent', 'accommodation', 'decline'] as const;
export type ConsentChoice = (typeof consentChoices)[number];

/** Languages a notice exists in; a new one is a folder of notices and an entry here. */
export const noticeLanguages = ['en'] as const;
export type NoticeLanguage = (typeof noticeLanguages)[number];

export const noticeBlockSchema = z.object({ kind: z.enum(['paragraph', 'item']), text: z.string() });
export type NoticeBlock = z.infer<typeof noticeBlockSchema>;

export const noticeViewSchema = z.object({
  /** 'v1', 'v2', …: the file's name. */
  version: z.string(),
  language: z.enum(noticeLanguages),
  /** SHA-256 (hex) of the text as shown, placeholders filled. */
  sha256: z.string().length(64),
  title: z.string(),
  sections: z.array(z.object({ heading: z.string(), blocks: z.array(noticeBlockSchema) })),
});
export type NoticeView = z.infer<typeof noticeViewSchema>;
