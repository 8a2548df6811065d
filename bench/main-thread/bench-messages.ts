/** The benchmark's own controls between bench/main-thread/core-apart.ts and core-child.ts; marked so neither end hands them to the core's protocol. */
export type BenchOp = 'idle' | 'syncNow' | 'resetPullCursor' | 'watchPull' | 'pullFigures' | 'watchLoop' | 'loopFigures';

export interface BenchRequest {
  bench: true;
  id: number;
  op: BenchOp;
}

export interface BenchReply {
  bench: true;
  id: number;
  value: unknown;
  error?: string;
}

const isMarked = (message: unknown): message is { bench: true } =>
  typeof message === 'object' && message !== null && (message as { bench?: unknown }).bench === true;

export const isBenchRequest = (message: unknown): message is BenchRequest => isMarked(message) && 'op' in message;
export const isBenchReply = (message: unknown): message is BenchReply => isMarked(message) && 'value' in message;
