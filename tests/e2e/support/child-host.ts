import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const projectRoot = fileURLToPath(new URL('../../../', import.meta.url));

export interface ChildHost {
  url: string;
  /** What a power cut does: SIGKILL, no shutdown code runs. */
  crash(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The browser host as its own process, the way `npm run start:browser` runs
 * it, so a test can kill it outright and start it again on the same data.
 */
export async function startChildHost(dataDir: string, openAi: { baseUrl: string; apiKey: string }): Promise<ChildHost> {
  const args = ['--import', 'tsx', 'src-main/browser-host/cli.ts', '--data-dir', dataDir, '--port', '0', '--openai-base-url', openAi.baseUrl];
  const child = spawn(process.execPath, args, {
    cwd: projectRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    // The CLI takes the key from the environment only, never a flag.
    env: { ...process.env, TEAMIFIED_OPENAI_API_KEY: openAi.apiKey },
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The browser host did not start within 30 s. Output:\n${output}`)), 30_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Open: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The browser host exited (code ${code}) before it started. Output:\n${output}`));
    });
  });
  return {
    url,
    crash: () => ended(child, 'SIGKILL'),
    stop: () => ended(child, 'SIGTERM'),
  };
}

function ended(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}
