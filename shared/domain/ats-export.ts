/**
 * Exports for hiring systems that take no webhooks (issue 21, point 4): the
 * interviews of a role (or all roles) in a period, each with its assessment
 * and latest decision, as CSV or JSON. The columns are in the README
 * ("ATS-ready exports"), with what was checked of Greenhouse's and Lever's
 * imports.
 *
 * standard: every field, one column each (skill scores flattened);
 * greenhouse: the columns of Greenhouse Recruiting's bulk candidate import,
 *   the assessment and decision written into Notes;
 * lever: the columns of Lever's candidate import, likewise into Notes.
 */
export const atsFormats = ['standard', 'greenhouse', 'lever'] as const;
export type AtsFormat = (typeof atsFormats)[number];

export const atsFileTypes = ['csv', 'json'] as const;
export type AtsFileType = (typeof atsFileTypes)[number];

/**
 * Which time puts an interview in the period: when the candidate completed
 * it, or when its latest decision was recorded (for a regular export of
 * what was decided since the last one).
 */
export const atsPeriodBases = ['completed', 'decided'] as const;
export type AtsPeriodBasis = (typeof atsPeriodBases)[number];

/**
 * The JSON file's `schemaVersion`. It changes when a field is renamed,
 * removed or changes meaning; a new field keeps it.
 */
export const ATS_EXPORT_SCHEMA_VERSION = 1;

/**
 * An exported interview's assessment: as stored (complete, partial,
 * failed), scoring while this device's scoring job runs, or not_scored when
 * nothing is stored here (scoring gave up before storing one, or it was
 * scored on another device that has not synced yet).
 */
export const atsAssessmentStatuses = ['complete', 'partial', 'failed', 'scoring', 'not_scored'] as const;
export type AtsAssessmentStatus = (typeof atsAssessmentStatuses)[number];

export const atsFormatLabels: Record<AtsFormat, string> = {
  standard: 'Every field, one column each',
  greenhouse: 'Greenhouse bulk candidate import',
  lever: 'Lever candidate import',
};
