/**
 * electron-builder.yml, read as electron-builder reads it: with the js-yaml
 * that app-builder-lib itself loads (its own dependency, so no second YAML
 * parser can disagree with it).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** A require() that resolves packages as electron-builder (app-builder-lib) does. */
export function requireFromBuilder(projectRoot = PROJECT_ROOT): NodeJS.Require {
  return createRequire(join(projectRoot, 'node_modules', 'app-builder-lib', 'package.json'));
}

export function parseYaml(text: string, projectRoot = PROJECT_ROOT): unknown {
  const yaml = requireFromBuilder(projectRoot)('js-yaml') as { load(text: string): unknown };
  return yaml.load(text);
}

export type BuilderConfig = Record<string, unknown> & {
  electronFuses?: Record<string, boolean> | null;
};

export function loadBuilderConfig(projectRoot = PROJECT_ROOT): BuilderConfig {
  const config = parseYaml(readFileSync(join(projectRoot, 'electron-builder.yml'), 'utf8'), projectRoot);
  if (typeof config !== 'object' || config === null || Array.isArray(config)) throw new Error('electron-builder.yml is not a mapping');
  return config as BuilderConfig;
}
