import { describe, expect, it } from 'vitest';
import { qrModules, terminalQr } from '../../../src-main/cli/terminal-qr';

/** The terminal drawing read back into modules: each character is two rows, light on top and/or below. */
function readBack(drawing: string): boolean[][] {
  const rows: boolean[][] = [];
  for (const line of drawing.trimEnd().split('\n')) {
    const chars = [...line];
    rows.push(chars.map((c) => c === ' ' || c === '▄'));
    rows.push(chars.map((c) => c === ' ' || c === '▀'));
  }
  return rows;
}

describe('the QR code printed with an enrolment code', () => {
  const line = 'teamified-enrol://db.example.com:6543/kiosk?sslmode=require#7KQ2M-XH4TD';

  it('draws exactly the symbol’s modules inside a light quiet zone', () => {
    const modules = qrModules(line);
    const drawn = readBack(terminalQr(line));
    const quiet = 2;
    const size = modules.length;
    // A version 4 or so symbol: 21 + 4 per version, odd sized.
    expect(size % 4).toBe(1);
    for (let row = 0; row < size; row += 1) {
      expect(drawn[row + quiet]!.slice(quiet, quiet + size), `row ${row}`).toEqual(modules[row]);
    }
    for (const border of [0, 1]) expect(drawn[border]!.every((dark) => !dark)).toBe(true);
    expect(drawn.every((row) => !row[0] && !row[1] && !row[row.length - 1])).toBe(true);
  });

  it('has the three finder patterns where scanners look for them', () => {
    const modules = qrModules(line);
    const size = modules.length;
    for (const [top, left] of [[0, 0], [0, size - 7], [size - 7, 0]] as const) {
      // A finder: a dark 7x7 ring, a light ring, a dark 3x3 centre.
      for (let i = 0; i < 7; i += 1) {
        expect(modules[top]![left + i]).toBe(true);
        expect(modules[top + 6]![left + i]).toBe(true);
        expect(modules[top + i]![left]).toBe(true);
        expect(modules[top + i]![left + 6]).toBe(true);
      }
      expect(modules[top + 1]![left + 1]).toBe(false);
      expect(modules[top + 3]![left + 3]).toBe(true);
    }
  });

  it('differs for another text (it encodes what it is given)', () => {
    expect(qrModules(`${line}X`)).not.toEqual(qrModules(line));
  });
});
