import qrcode from 'qrcode-generator';

/**
 * A QR code drawn with Unicode half blocks, two rows of modules per line of
 * text: light modules (and the quiet zone around the symbol) in the text
 * colour, dark ones as the background, as on a usual dark terminal (on a
 * light one the symbol is inverted, which most phone scanners still read).
 * Medium error correction: a little smudge on a screen or a printout still reads.
 */
export function terminalQr(text: string): string {
  const qr = qrcode(0, 'M');
  qr.addData(text, 'Byte');
  qr.make();
  const size = qr.getModuleCount();
  const quiet = 2;
  // Light (true) outside the symbol: the quiet zone scanners need.
  const light = (row: number, col: number) => row < 0 || col < 0 || row >= size || col >= size || !qr.isDark(row, col);
  const lines: string[] = [];
  for (let row = -quiet; row < size + quiet; row += 2) {
    let line = '';
    for (let col = -quiet; col < size + quiet; col += 1) {
      const top = light(row, col);
      const bottom = light(row + 1, col);
      line += top && bottom ? '█' : top ? '▀' : bottom ? '▄' : ' ';
    }
    lines.push(line);
  }
  return `${lines.join('\n')}\n`;
}

/** The modules as rows of booleans (dark = true), for tests that read the symbol back. */
export function qrModules(text: string): boolean[][] {
  const qr = qrcode(0, 'M');
  qr.addData(text, 'Byte');
  qr.make();
  const size = qr.getModuleCount();
  return Array.from({ length: size }, (_, row) => Array.from({ length: size }, (__, col) => qr.isDark(row, col)));
}
