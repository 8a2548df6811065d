/**
 * Semantic version precedence (semver.org, item 11), as electron-updater
 * compares the feed's version with the installed one: major.minor.patch
 * numerically, then a pre-release (1.2.0-pilot.1) below its release, its
 * dot-separated parts compared numerically when both are numbers, else as
 * text, numbers below text. Build metadata (+…) is ignored.
 */
const SEMVER = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

interface Parsed {
  core: [number, number, number];
  pre: string[];
}

export function parseVersion(text: string): Parsed | null {
  const match = SEMVER.exec(text.trim());
  if (!match) return null;
  return { core: [Number(match[1]), Number(match[2]), Number(match[3])], pre: match[4] ? match[4].split('.') : [] };
}

export function isVersion(text: string): boolean {
  return parseVersion(text) !== null;
}

/** Negative when a < b, 0 when equal, positive when a > b. Both must be versions (isVersion). */
export function compareVersions(a: string, b: string): number {
  const left = parseVersion(a);
  const right = parseVersion(b);
  if (!left || !right) throw new Error(`Not a version: ${left ? b : a}`);
  const [x1, y1, z1] = left.core;
  const [x2, y2, z2] = right.core;
  if (x1 !== x2 || y1 !== y2 || z1 !== z2) return x1 - x2 || y1 - y2 || z1 - z2;
  if (left.pre.length === 0 || right.pre.length === 0) return right.pre.length - left.pre.length;
  for (let i = 0; i < Math.max(left.pre.length, right.pre.length); i += 1) {
    const x = left.pre[i];
    const y = right.pre[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const xNumber = /^\d+$/.test(x);
    const yNumber = /^\d+$/.test(y);
    if (xNumber && yNumber && Number(x) !== Number(y)) return Number(x) - Number(y);
    if (xNumber !== yNumber) return xNumber ? -1 : 1;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}
