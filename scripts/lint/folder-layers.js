import { dirname, relative, resolve, sep } from 'node:path';

/**
 * The folders of a process in one declared order, highest first. A file may
 * import from its own folder and from folders in LATER layers only: never
 * upward, never sideways (two features do not import each other; the
 * composition root joins them through ports). A folder missing from the list
 * is an error too, so a new folder is placed on purpose.
 *
 * Entries name a top folder under the root ('ipc'), a deeper folder that is
 * its own unit ('interview/engine'), or a file directly under the root,
 * without its extension ('App').
 */
export const mainLayers = {
  root: 'src-main',
  layers: [
    // core-host is the app's core in Electron's utility process; the shell talks to it only through ipc/ (core-client, core-protocol).
    { name: 'entry points', units: ['shell', 'core-host', 'browser-host', 'cli'] },
    { name: 'composition', units: ['app'] },
    { name: 'IPC', units: ['ipc'] },
    // erasure: a candidate's erasure on this device (issue 18, point 4), carried out after each sync's pull.
    // compliance: issue 18's reports over the organisation's records (the bias monitoring report).
    // updates: the app's own signed updates (issue 20, point 3), installed by the shell.
    // backup: the device's rotating database backups and their restore; diagnostics: the support bundle (issue 20, point 5).
    // webhooks: subscriptions and signed deliveries to employers' hiring systems (issue 21).
    { name: 'features', units: ['interview', 'assessment', 'resumes', 'sync', 'proctoring', 'kiosk-watch', 'self-check', 'compliance', 'consent', 'erasure', 'backup', 'diagnostics', 'updates', 'webhooks'] },
    // configuration: the proof of configuration's key, signing key and verdict, used by sync and the review alike.
    // errors/upload: sending kept error reports to IT's collector (issue 20, point 6), an outside service like providers/.
    { name: 'accounts, jobs, providers, resources, configuration', units: ['accounts', 'jobs', 'providers', 'resources', 'configuration', 'errors/upload'] },
    { name: 'repositories', units: ['repositories'] },
    { name: 'db, settings, secrets', units: ['db', 'settings', 'secrets'] },
    // audit: the AI audit trail's hash chain, pure rules over common/ that repositories, jobs and the CLI share.
    { name: 'audit chain', units: ['audit'] },
    // errors: the error reports kept for IT (issue 20, point 6) and their redaction (over logging's), which every layer above may record into.
    { name: 'error reports', units: ['errors'] },
    // The interview engine is pure rules over shared/ types: anything may use it, it uses nothing (see engineOnlyShared).
    // interview/bank: the question bank's schema (issue 19), pure rules over shared/ like the engine.
    { name: 'files, logging, common', units: ['files', 'logging', 'common', 'audio', 'interview/engine', 'interview/bank'] },
  ],
};

export const rendererLayers = {
  root: 'src-renderer/src',
  layers: [
    { name: 'entry', units: ['main'] },
    { name: 'the app shell', units: ['App'] },
    { name: 'screens', units: ['screens'] },
    { name: 'components', units: ['components'] },
    { name: 'hooks', units: ['hooks'] },
    { name: 'voice', units: ['voice'] },
    { name: 'app-wide modules', units: ['kiosk-context', 'api', 'new-account', 'error-reporter'] },
    { name: 'form helpers and styles', units: ['forms', 'zod-config', 'styles.css'] },
  ],
};

/** The unit a path under `root` belongs to (the longest declared folder, else its top folder or file name). */
function unitOf(declared, pathUnderRoot) {
  // Imports name files without their extension; the linted file's own path has one.
  const parts = pathUnderRoot.replace(/\.(tsx?|jsx?|mjs)$/, '').split(sep);
  for (let depth = parts.length - 1; depth >= 1; depth -= 1) {
    const candidate = parts.slice(0, depth).join('/');
    if (declared.has(candidate)) return candidate;
  }
  return parts[0];
}

const importSources = (node) => (node.source && node.source.type === 'Literal' && typeof node.source.value === 'string' ? node.source : null);

/** An ESLint rule enforcing one process's `{ root, layers }` order on relative imports. */
export function layerRule(order) {
  const layerOf = new Map();
  order.layers.forEach((layer, index) => layer.units.forEach((unit) => layerOf.set(unit, index)));
  const declared = new Set(layerOf.keys());
  return {
    meta: {
      type: 'problem',
      docs: { description: `Imports inside ${order.root} go only downward in its declared folder order (scripts/lint/folder-layers.js).` },
      schema: [],
    },
    create(context) {
      const rootDir = resolve(context.cwd, order.root);
      const from = relative(rootDir, context.filename);
      if (from.startsWith('..')) return {};
      const fromUnit = unitOf(declared, from);
      const check = (source) => {
        if (!source || !source.value.startsWith('.')) return;
        const to = relative(rootDir, resolve(dirname(context.filename), source.value));
        if (to.startsWith('..')) return;
        const toUnit = unitOf(declared, to);
        if (toUnit === fromUnit) return;
        for (const unit of [fromUnit, toUnit]) {
          if (!layerOf.has(unit)) {
            context.report({ node: source, message: `${order.root}/${unit} is not in the declared folder order: add it to a layer in scripts/lint/folder-layers.js.` });
            return;
          }
        }
        const fromLayer = layerOf.get(fromUnit);
        const toLayer = layerOf.get(toUnit);
        if (toLayer > fromLayer) return;
        const direction = toLayer < fromLayer ? `upward, into ${order.layers[toLayer].name}` : `sideways, within ${order.layers[toLayer].name}`;
        context.report({
          node: source,
          message:
            `${order.root}/${fromUnit} (${order.layers[fromLayer].name}) may not import ${order.root}/${toUnit}: that runs ${direction}. ` +
            'Move what both need down a layer, or depend on a port declared here that the composition root fills.',
        });
      };
      return {
        ImportDeclaration: (node) => check(importSources(node)),
        ExportNamedDeclaration: (node) => check(importSources(node)),
        ExportAllDeclaration: (node) => check(importSources(node)),
        ImportExpression: (node) => check(node.source.type === 'Literal' ? node.source : null),
      };
    },
  };
}

/** The interview engine: pure rules, so besides itself it may import only shared/ (and packages such as zod). */
export const engineOnlyShared = {
  meta: { type: 'problem', docs: { description: 'src-main/interview/engine imports only itself and shared/.' }, schema: [] },
  create(context) {
    const engineDir = resolve(context.cwd, 'src-main/interview/engine');
    const sharedDir = resolve(context.cwd, 'shared');
    if (relative(engineDir, context.filename).startsWith('..')) return {};
    const check = (source) => {
      if (!source || !source.value.startsWith('.')) return;
      const target = resolve(dirname(context.filename), source.value);
      if (!relative(engineDir, target).startsWith('..') || !relative(sharedDir, target).startsWith('..')) return;
      context.report({ node: source, message: 'The interview engine imports only shared/ and itself: pass what it needs in as data, or declare the type it needs here.' });
    };
    return {
      ImportDeclaration: (node) => check(importSources(node)),
      ExportNamedDeclaration: (node) => check(importSources(node)),
      ExportAllDeclaration: (node) => check(importSources(node)),
      ImportExpression: (node) => check(node.source.type === 'Literal' ? node.source : null),
    };
  },
};
