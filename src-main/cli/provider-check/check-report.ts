import { reviewProviderSettings } from '../../../shared/domain/provider-settings-review';
import type { ProviderSetup, SettingsFile } from '../provider/provider-setup';
import { describeKind } from '../provider/provider-failure';
import { formatCost } from './call-cost';
import type { CallResult, CallUsage } from './run-calls';

/** What the table's columns are sized by, known before any call is made (rows print as calls finish). */
export interface TableShape {
  names: readonly string[];
  models: readonly string[];
}

const TASK_WIDTH = 'resumeParsing'.length;
const RESULT_WIDTH = 'result'.length;
const TIME_WIDTH = '12345 ms'.length;
const USAGE_WIDTH = '12345 in / 12345 out tokens'.length;

/** What the settings screen would warn about (an unknown model, a voice the model lacks), as the app judges it. */
function settingsWarnings(setup: ProviderSetup): string[] {
  const review = reviewProviderSettings(setup.provider);
  return [...review.problems, ...review.warnings];
}

/** Where the settings and key came from, so IT can see what was checked. */
export function setupLines(setup: ProviderSetup): string {
  const file = (label: string, settings: SettingsFile) => `${label} ${settings.path} (${settings.found ? 'found' : 'none'})`;
  const warnings = settingsWarnings(setup);
  return [
    `Data folder:  ${setup.dataDir}`,
    `Settings:     ${file('user', setup.settingsFile)}; ${file('IT machine', setup.machineSettingsFile)}`,
    `Provider:     ${setup.provider.baseUrl} (${setup.baseUrlFrom === 'option' ? 'from --base-url' : 'from the settings'})`,
    `API key:      from ${setup.keySource}`,
    ...(warnings.length > 0 ? ['Check these settings:', ...warnings.map((warning) => `  - ${warning}`)] : []),
    '',
    '',
  ].join('\n');
}

export function tableHeader(shape: TableShape): string {
  return `${columns(shape, ['call', 'task', 'model', 'result', 'time', 'usage', 'cost'])}\n`;
}

/** The call's row, then its retries and its error, if any, indented below it. */
export function tableRow(shape: TableShape, result: CallResult): string {
  const cost = result.usage === null ? '-' : formatCost(result.costUsd);
  const lines = [
    columns(shape, [result.name, result.task, result.model, result.ok ? 'pass' : 'fail', `${result.latencyMs} ms`, formatUsage(result.usage), cost]),
  ];
  if (result.retries > 0) lines.push(`    after ${result.retries} ${result.retries === 1 ? 'retry' : 'retries'}`);
  if (result.error) lines.push(`    ${describeKind(result.error)}: ${result.error.message}`);
  return `${lines.join('\n')}\n`;
}

/** "10 of 11 calls passed; together they cost $0.000123." */
export function summaryLine(results: readonly CallResult[]): string {
  const { passed, costUsd, unpricedCalls } = totals(results);
  const unknown = unpricedCalls === 0 ? '' : ` plus ${unpricedCalls} ${unpricedCalls === 1 ? 'call' : 'calls'} at unknown price`;
  return `\n${passed} of ${results.length} calls passed; together they cost ${formatCost(costUsd)}${unknown}.\n`;
}

/** The same facts as the table, as one JSON document. */
export function reportJson(setup: ProviderSetup, results: readonly CallResult[]) {
  return {
    dataDir: setup.dataDir,
    settingsFile: setup.settingsFile,
    machineSettingsFile: setup.machineSettingsFile,
    baseUrl: setup.provider.baseUrl,
    baseUrlFrom: setup.baseUrlFrom,
    keySource: setup.keySource,
    settingsWarnings: settingsWarnings(setup),
    total: results.length,
    ...totals(results),
    calls: results,
  };
}

/** Passed calls, and the cost of the metered calls whose price is known (the others are counted, not guessed). */
function totals(results: readonly CallResult[]) {
  const metered = results.filter((result) => result.usage !== null);
  return {
    passed: results.filter((result) => result.ok).length,
    costUsd: metered.reduce((sum, result) => sum + (result.costUsd ?? 0), 0),
    unpricedCalls: metered.filter((result) => result.costUsd === null).length,
  };
}

/** "12 in / 5 out tokens", "1.0 s audio", "35 characters, 2.1 s audio". */
export function formatUsage(usage: CallUsage | null): string {
  if (usage === null) return '-';
  const parts: string[] = [];
  if (usage.characters !== null) parts.push(`${usage.characters} characters`);
  if (usage.promptTokens > 0 || usage.completionTokens > 0) parts.push(`${usage.promptTokens} in / ${usage.completionTokens} out tokens`);
  if (usage.audioSeconds !== null) parts.push(`${usage.audioSeconds.toFixed(1)} s audio`);
  return parts.join(', ') || '-';
}

function columns(shape: TableShape, cells: readonly string[]): string {
  const widths = [
    Math.max(...shape.names.map((name) => name.length)),
    TASK_WIDTH,
    Math.max(...shape.models.map((model) => model.length)),
    RESULT_WIDTH,
    TIME_WIDTH,
    USAGE_WIDTH,
  ];
  return cells
    .map((cell, index) => (index < widths.length ? cell.padEnd(widths[index]!) : cell))
    .join('  ')
    .trimEnd();
}
