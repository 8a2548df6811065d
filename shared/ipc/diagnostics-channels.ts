import { z } from 'zod';
import { channel } from './channel';

/**
 * The diagnostics bundle (issue 20, point 5): one ZIP an admin saves and
 * sends to IT or support. What is in it, and what never is, is said in
 * src-main/diagnostics/diagnostics-bundle.ts.
 */
export const diagnosticsChannels = {
  'diagnostics.bundle': channel({
    summary:
      'Admin: the diagnostics bundle as a ZIP to save (base64): versions, settings and where each comes from, database integrity and row counts, sync status, the self-check and redacted logs. Runs the self-check, so it makes one small call to the AI provider.',
    access: ['admin'],
    input: z.strictObject({}),
    output: z.object({ fileName: z.string(), base64: z.string() }),
  }),
} as const;
