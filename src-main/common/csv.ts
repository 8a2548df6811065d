/**
 * CSV as RFC 4180 writes it (section 2): fields separated by commas, records
 * ended by CRLF, a field holding a comma, a double quote, CR or LF enclosed
 * in double quotes, and a double quote inside one doubled.
 *
 * A text field is also guarded against formula injection: a spreadsheet
 * reads a cell beginning with = + - @ tab or CR as a formula, so such a
 * cell gets a single quote in front, as OWASP's "CSV Injection" page and
 * ASVS 5.0 requirement 1.2.10 advise (ASVS adds NUL, and so does this).
 * Only text is guarded: numbers and booleans come from this app's own code,
 * and a guarded number (-3 as '-3) would no longer be one.
 */
export type CsvValue = string | number | boolean | null;

const FORMULA_START = /^[=+\-@\t\r\0]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One field, guarded when it is text and quoted when it must be; null is an empty field. */
export function csvField(value: CsvValue): string {
  if (value === null) return '';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`A CSV number must be finite, not ${value}.`);
    return String(value);
  }
  if (typeof value === 'boolean') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A header line and its records, each ended by CRLF (RFC 4180 lets the last one end either way; ending it keeps files appendable). */
export function csvDocument(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  for (const [index, row] of rows.entries()) {
    // RFC 4180 2.4: every record has as many fields as the header.
    if (row.length !== header.length) throw new Error(`CSV record ${index + 1} has ${row.length} fields; the header has ${header.length}.`);
  }
  return [header, ...rows].map((row) => row.map(csvField).join(',') + '\r\n').join('');
}
