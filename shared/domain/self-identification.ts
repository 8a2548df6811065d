/**
 * Voluntary self-identification for bias monitoring (issue 18, point 6).
 * The categories are the ones NYC Local Law 144's bias audit rules
 * (6 RCNY § 5-301) take from the EEO-1 report, so an auditor can compare
 * like with like. Every answer may be left out: "not given" is counted and
 * shown, never guessed. These answers are kept apart from everything the
 * AI or a recruiter sees, and never reach a model or the review screen.
 */

export const sexCategories = ['female', 'male'] as const;
export type SexCategory = (typeof sexCategories)[number];

export const raceEthnicityCategories = [
  'hispanic_or_latino',
  'white',
  'black_or_african_american',
  'native_hawaiian_or_pacific_islander',
  'asian',
  'native_american_or_alaska_native',
  'two_or_more_races',
] as const;
export type RaceEthnicityCategory = (typeof raceEthnicityCategories)[number];

export const sexLabels: Record<SexCategory, string> = { female: 'Female', male: 'Male' };

export const raceEthnicityLabels: Record<RaceEthnicityCategory, string> = {
  hispanic_or_latino: 'Hispanic or Latino',
  white: 'White',
  black_or_african_american: 'Black or African American',
  native_hawaiian_or_pacific_islander: 'Native Hawaiian or Pacific Islander',
  asian: 'Asian',
  native_american_or_alaska_native: 'Native American or Alaska Native',
  two_or_more_races: 'Two or More Races',
};
