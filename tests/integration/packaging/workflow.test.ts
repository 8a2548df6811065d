import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBuilderConfig, parseYaml, PROJECT_ROOT } from '../../../scripts/builder-config';

/*
 * .github/workflows/desktop.yml cannot run here (it needs GitHub's runners
 * and Electron's binary), so its shape is checked instead: the matrix, and
 * the steps in the order that makes them mean something.
 */

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  shell?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  'runs-on': string;
  strategy: { 'fail-fast'?: boolean; matrix: { os: string[] } };
  defaults?: { run?: { shell?: string } };
  steps: Step[];
}
interface Workflow {
  name: string;
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

const text = readFileSync(join(PROJECT_ROOT, '.github', 'workflows', 'desktop.yml'), 'utf8');
const workflow = parseYaml(text) as Workflow;
const builder = loadBuilderConfig();

function stepIndex(steps: Step[], what: string, matches: (step: Step) => boolean): number {
  const index = steps.findIndex(matches);
  expect(index, `a step that ${what}`).toBeGreaterThanOrEqual(0);
  return index;
}

describe('the desktop workflow', () => {
  const jobs = Object.entries(workflow.jobs);
  const job = workflow.jobs.desktop!;
  const steps = job?.steps ?? [];
  const runs = (step: Step, pattern: RegExp): boolean => pattern.test(step.run ?? '');

  it('runs on pushes, pull requests and by hand, with read-only repository access', () => {
    expect(Object.keys(workflow.on).sort()).toEqual(['pull_request', 'push', 'workflow_dispatch']);
    expect(workflow.permissions).toEqual({ contents: 'read' });
  });

  it('is one job over Linux, Windows and macOS, each finishing even if another fails', () => {
    expect(jobs.map(([name]) => name)).toEqual(['desktop']);
    expect(job['runs-on']).toBe('${{ matrix.os }}');
    expect(job.strategy.matrix.os).toEqual(['ubuntu-latest', 'windows-latest', 'macos-latest']);
    expect(job.strategy['fail-fast']).toBe(false);
    expect(job.defaults?.run?.shell).toBe('bash');
  });

  it('checks out and sets up Node 22', () => {
    const checkout = stepIndex(steps, 'checks out', (step) => /^actions\/checkout@v\d+$/.test(step.uses ?? ''));
    const node = stepIndex(steps, 'sets up Node', (step) => /^actions\/setup-node@v\d+$/.test(step.uses ?? ''));
    expect(checkout).toBe(0);
    expect(node).toBe(1);
    expect(String(steps[node]!.with?.['node-version'])).toBe('22');
  });

  it('installs, gets Electron, tests, runs the real-Electron test, signs, packages, reads the fuses back and uploads, in that order', () => {
    const order = [
      stepIndex(steps, 'installs with npm ci', (step) => runs(step, /^npm ci$/m)),
      stepIndex(steps, 'installs Electron and its native build, failing if it cannot', (step) =>
        runs(step, /scripts\/electron-native\.ts --install-electron\s*$/m),
      ),
      stepIndex(steps, 'runs npm test', (step) => runs(step, /\bnpm test\b/)),
      stepIndex(steps, 'runs the real-Electron test', (step) => runs(step, /vitest run --project e2e tests\/e2e\/electron-app\.test\.ts/)),
      stepIndex(steps, 'sets the signing variables', (step) => runs(step, /bash scripts\/ci-signing-env\.sh >> "\$GITHUB_ENV"/)),
      stepIndex(steps, 'packages', (step) => runs(step, /npx electron-builder "\$\{args\[@\]\}"/) && runs(step, /args=\(--publish never\)/)),
      stepIndex(steps, 'reads the fuses back', (step) => runs(step, /npx @electron\/fuses read --app/)),
      stepIndex(steps, 'uploads the installers', (step) => /^actions\/upload-artifact@v\d+$/.test(step.uses ?? '')),
    ];
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('gives the Electron window a display on Linux and lets Chromium’s sandbox run there', () => {
    const test = steps.find((step) => runs(step, /\bnpm test\b/))!;
    const electronTest = steps.find((step) => runs(step, /electron-app\.test\.ts/))!;
    for (const step of [test, electronTest]) expect(step.run).toMatch(/RUNNER_OS" = Linux \]; then xvfb-run -a /);
    const linux = steps.find((step) => step.if === "runner.os == 'Linux'")!;
    expect(linux.run).toMatch(/apt-get install -y .*\bxvfb\b/);
    expect(linux.run).toMatch(/kernel\.apparmor_restrict_unprivileged_userns=0/);
    // The end-to-end tests drive a Chromium the workflow installs.
    const chrome = steps.find((step) => step.uses?.startsWith('browser-actions/setup-chrome@'))!;
    expect(test.env?.CHROMIUM_PATH).toBe(`\${{ steps.${(chrome as { id?: string }).id}.outputs.chrome-path }}`);
  });

  it('signs only with what is configured: every secret it passes is one the signing script reads, and back', () => {
    const signing = steps.find((step) => runs(step, /ci-signing-env\.sh/))!;
    const script = readFileSync(join(PROJECT_ROOT, 'scripts', 'ci-signing-env.sh'), 'utf8');
    const passed = Object.keys(signing.env ?? {}).sort();
    // What the script reads: the names it tests with all_set, and those it reads with ${NAME:-}.
    const read = [
      ...new Set([
        ...[...script.matchAll(/\ball_set ([A-Z0-9_ ]+)/g)].flatMap((match) => match[1]!.trim().split(/\s+/)),
        ...[...script.matchAll(/\$\{([A-Z][A-Z0-9_]+):-\}/g)].map((match) => match[1]!),
      ]),
    ].sort();
    expect(passed).toEqual(read);
    for (const [name, value] of Object.entries(signing.env ?? {})) expect(value, name).toMatch(new RegExp(`^\\$\\{\\{ (secrets|vars)\\.${name} \\}\\}$`));
    // Signing secrets reach only that step (it exports what exists); no other step names a secret.
    expect(steps.filter((step) => step !== signing && JSON.stringify(step).includes('secrets.'))).toEqual([]);
    const pack = steps.find((step) => runs(step, /npx electron-builder/))!;
    expect(pack.run).toMatch(/if \[ -n "\$\{AZURE_SIGNING_ENDPOINT:-\}" \]/);
    for (const option of ['endpoint', 'codeSigningAccountName', 'certificateProfileName', 'publisherName']) {
      expect(pack.run).toContain(`-c.win.azureSignOptions.${option}=`);
    }
  });

  it('reads back the fuses of the app electron-builder makes on each OS, and fails on a mismatch', () => {
    const fuses = steps.find((step) => runs(step, /@electron\/fuses read/))!;
    const linux = builder.linux as { executableName: string };
    expect(fuses.run).toContain(`dist/linux-unpacked/${linux.executableName}`);
    expect(fuses.run).toContain(`"dist/win-unpacked/${String(builder.productName)}.exe"`);
    expect(fuses.run).toContain(`dist/mac*/"${String(builder.productName)}.app"`);
    expect(fuses.run).toMatch(/node --import tsx scripts\/check-fuses\.ts\s*$/m);
  });

  it('uploads every installer electron-builder.yml asks for, and fails when there is none', () => {
    const upload = steps.find((step) => step.uses?.startsWith('actions/upload-artifact@'))!;
    expect(upload.with?.['if-no-files-found']).toBe('error');
    const paths = String(upload.with?.path).trim().split('\n');
    const ext: Record<string, string> = { nsis: 'exe', msi: 'msi', deb: 'deb', AppImage: 'AppImage', dmg: 'dmg', zip: 'zip' };
    for (const os of ['mac', 'win', 'linux']) {
      for (const target of (builder[os] as { target: Array<string | { target: string }> }).target) {
        const name = typeof target === 'string' ? target : target.target;
        expect(paths, name).toContain(`dist/*.${ext[name]}`);
      }
    }
  });

  it('names only files that exist', () => {
    for (const file of ['scripts/electron-native.ts', 'scripts/ci-signing-env.sh', 'scripts/check-fuses.ts', 'tests/e2e/electron-app.test.ts']) {
      expect(text).toContain(file);
      expect(existsSync(join(PROJECT_ROOT, file)), file).toBe(true);
    }
  });
});
