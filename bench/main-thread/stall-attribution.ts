import type { Stall } from './loop-watch';

/**
 * Names what ran during each stall: a CPU profile's samples inside the
 * stall, grouped by the operation our own outermost frame belongs to.
 */
export interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
export interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** The project's root: frames under it (outside node_modules) are our own code. */
const ROOT_URL = new URL('../..', import.meta.url).href;

/** Which operation a stack belongs to: the outermost frame of our own code names it. */
function operationOf(stack: ProfileNode[]): string {
  const ours = stack.filter((node) => node.callFrame.url.startsWith(ROOT_URL) && !node.callFrame.url.includes('/node_modules/'));
  const files = ours.map((node) => node.callFrame.url.slice(ROOT_URL.length));
  const has = (part: string) => files.some((file) => file.includes(part));
  if (has('sync/pull-applier')) return 'sync pull: applying a page in SQLite';
  if (has('assessment/report/')) return 'PDF export: laying out and writing the report';
  if (has('src-main/sync/')) return 'sync: other (push, reading replies, status)';
  if (has('review-service')) return 'PDF export: loading the review';
  if (has('src-main/interview/') || has('src-main/providers/')) return 'interview turn';
  if (has('src-main/ipc/')) return 'IPC dispatch';
  if (has('bench/') || has('tests/')) return 'the benchmark itself';
  const leaf = stack[0]?.callFrame;
  if (!leaf) return 'unknown';
  if (leaf.functionName === '(garbage collector)') return 'garbage collection';
  const library = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(stack.map((node) => node.callFrame.url).find((url) => url.includes('node_modules')) ?? '')?.[1];
  return library ? `library: ${library}` : `node: ${leaf.functionName || '(anonymous)'}`;
}

/** The deepest frame of our own code: the function to look at. */
function hotFunctionOf(stack: ProfileNode[]): string | null {
  const ours = stack.find((node) => node.callFrame.url.startsWith(ROOT_URL) && !node.callFrame.url.includes('/node_modules/'));
  if (!ours) return null;
  // tsx's output does not keep the source's line numbers: the function and file say enough.
  return `${ours.callFrame.functionName || '(anonymous)'} (${ours.callFrame.url.slice(ROOT_URL.length)})`;
}

export interface Attribution {
  lateMs: number;
  operations: [string, number][];
  functions: [string, number][];
}

export function attribute(profile: Profile, startHrMs: number, stalls: Stall[]): Attribution[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const stackOf = (id: number): ProfileNode[] => {
    const stack: ProfileNode[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) stack.push(byId.get(at)!);
    return stack;
  };
  // Sample times on hrtime's clock: the profile's own start lines up with the moment it was started.
  const times: number[] = [];
  let t = profile.startTime;
  for (const delta of profile.timeDeltas) times.push(((t += delta) - profile.startTime) / 1000 + startHrMs);
  return stalls.map((stall) => {
    const operations = new Map<string, number>();
    const functions = new Map<string, number>();
    let samples = 0;
    for (let i = 0; i < profile.samples.length; i++) {
      if (times[i]! < stall.from || times[i]! > stall.to) continue;
      const stack = stackOf(profile.samples[i]!);
      const leaf = stack[0]?.callFrame.functionName;
      if (leaf === '(idle)' || leaf === '(program)' || leaf === '(root)') continue;
      samples++;
      const operation = operationOf(stack);
      operations.set(operation, (operations.get(operation) ?? 0) + 1);
      const hot = hotFunctionOf(stack);
      if (hot) functions.set(hot, (functions.get(hot) ?? 0) + 1);
    }
    const share = (map: Map<string, number>) =>
      [...map].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([name, n]): [string, number] => [name, Math.round((n / Math.max(1, samples)) * 100)]);
    return { lateMs: stall.lateMs, operations: share(operations), functions: share(functions) };
  });
}
