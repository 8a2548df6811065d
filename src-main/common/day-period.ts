import { AppFailure } from './app-failure';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/** A period of whole UTC days, both included ("2026-01-01" to "2026-12-31"), as the ISO-8601 instants [from, toExclusive) that bound it. */
export interface DayPeriod {
  fromIso: string;
  toExclusiveIso: string;
}

/** Refuses what is not a real date, or a period that ends before it starts, naming the field. */
export function periodOf(from: string, to: string): DayPeriod {
  const start = dayStart(from, 'The first day', 'from');
  const end = dayStart(to, 'The last day', 'to');
  if (end < start) throw new AppFailure('invalid_input', `The period ends (${to}) before it starts (${from}). Give the first day first.`, { to: 'Must be on or after the first day.' });
  return { fromIso: new Date(start).toISOString(), toExclusiveIso: new Date(end + DAY_MS).toISOString() };
}

function dayStart(day: string, what: string, field: string): number {
  const time = DAY.test(day) ? Date.parse(`${day}T00:00:00.000Z`) : Number.NaN;
  // Date.parse rolls 2026-02-30 over to March: a real day prints back as itself.
  if (Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== day) {
    const message = `${what} must be a date written YYYY-MM-DD, such as 2026-01-31; "${day}" is not one.`;
    throw new AppFailure('invalid_input', message, { [field]: message });
  }
  return time;
}
