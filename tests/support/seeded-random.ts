/**
 * A small seeded random generator (mulberry32), so a randomised test that
 * fails can be run again with the same seed and fail the same way. The seed
 * comes from the environment when given, else from the clock, and is printed.
 */
export interface SeededRandom {
  readonly seed: number;
  /** [0, 1) */
  next(): number;
  int(minInclusive: number, maxInclusive: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
}

export function seededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    seed,
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (probability) => next() < probability,
    pick: (items) => {
      if (items.length === 0) throw new Error('nothing to pick from');
      return items[Math.floor(next() * items.length)]!;
    },
  };
}

/** SYNC_TEST_SEED=123 npx vitest … repeats a run. */
export function seedFromEnvironment(name: string): number {
  const given = process.env[name];
  const seed = given !== undefined && /^\d+$/.test(given) ? Number(given) : Date.now() % 2_147_483_647;
  console.log(`${name}=${seed}`);
  return seed;
}
