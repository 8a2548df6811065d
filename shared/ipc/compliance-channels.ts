import { z } from 'zod';
import { roleTypes } from '../domain/interview';
import { raceEthnicityCategories, sexCategories } from '../domain/self-identification';
import { channel } from './channel';

/**
 * Bias monitoring (issue 18, point 6). A candidate may answer two optional
 * questions (`selfIdentification.*`); only the bias report reads the answers,
 * and only admins make it (`compliance.biasReport`), as counts per group.
 */

const candidate = ['candidate'] as const;
const admins = ['admin'] as const;

const answerSchema = z.object({
  sex: z.enum(sexCategories).nullable(),
  raceEthnicity: z.enum(raceEthnicityCategories).nullable(),
  answeredAt: z.string(),
});

const day = (what: string) => z.string().regex(/^\d{4}-\d{2}-\d{2}$/, `${what} is a date written YYYY-MM-DD, such as 2026-01-31.`);

const groupSchema = z.object({
  dimension: z.enum(['sex', 'race_ethnicity', 'intersection']),
  group: z.string(),
  label: z.string(),
  count: z.number().int(),
  selected: z.number().int(),
  selectionRate: z.number().nullable(),
  selectionImpactRatio: z.number().nullable(),
  scored: z.number().int(),
  scoredAboveMedian: z.number().int(),
  scoringRate: z.number().nullable(),
  scoringImpactRatio: z.number().nullable(),
  small: z.boolean(),
  flagged: z.boolean(),
});

export const biasReportViewSchema = z.object({
  roleTitle: z.string(),
  from: z.string(),
  to: z.string(),
  madeAt: z.string(),
  candidates: z.number().int(),
  medianScore: z.number().nullable(),
  groups: z.array(groupSchema),
  unknown: z.object({ sex: z.number().int(), race_ethnicity: z.number().int(), intersection: z.number().int() }),
  /** For an independent auditor to recompute every figure. */
  csv: z.string(),
  /** The summary in the form NYC Local Law 144 asks employers to publish. */
  summary: z.string(),
});
export type BiasReportView = z.infer<typeof biasReportViewSchema>;

export const complianceChannels = {
  'selfIdentification.get': channel({
    summary: 'Candidate: their own voluntary self-identification for bias monitoring, or null if they gave none.',
    access: candidate,
    input: z.strictObject({}),
    output: z.object({ answer: answerSchema.nullable() }),
  }),
  'selfIdentification.answer': channel({
    summary:
      'Candidate: answer the optional bias-monitoring questions (sex, race/ethnicity; null: prefer not to say). Kept apart: never sent to a model or shown to reviewers.',
    access: candidate,
    input: z.strictObject({
      sex: z.enum(sexCategories, { error: `Sex is one of ${sexCategories.join(', ')}, or null.` }).nullable(),
      raceEthnicity: z.enum(raceEthnicityCategories, { error: `Race/ethnicity is one of ${raceEthnicityCategories.join(', ')}, or null.` }).nullable(),
    }),
    output: z.object({ answer: answerSchema }),
  }),
  'compliance.biasReport': channel({
    summary:
      'Admin: the bias monitoring report for a role and a period of whole days (both included): selection and scoring rates by sex, race/ethnicity and both, impact ratios, flags under 0.80, as figures, CSV and the published summary.',
    access: admins,
    input: z.strictObject({ roleType: z.enum(roleTypes), from: day('The first day'), to: day('The last day') }),
    output: biasReportViewSchema,
  }),
} as const;
