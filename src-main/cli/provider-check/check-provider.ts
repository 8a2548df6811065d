import type { CliOutput } from '../cli-command';
import { openCliAi } from '../provider/cli-ai';
import type { ProviderSetup } from '../provider/provider-setup';
import { reportJson, setupLines, summaryLine, tableHeader, tableRow } from './check-report';
import { providerCalls } from './provider-calls';
import { modelOf, runCalls } from './run-calls';

/** Makes every call `provider check` lists and reports them; true when all passed. Loaded by the command only when it runs. */
export async function checkProvider(setup: ProviderSetup, resourcesDir: string, json: boolean, output: CliOutput): Promise<boolean> {
  const calls = providerCalls(resourcesDir);
  const shape = { names: calls.map((call) => call.name), models: calls.map((call) => modelOf(call, setup.provider)) };
  if (!json) output.out(setupLines(setup) + tableHeader(shape));

  const cli = openCliAi(setup);
  let results;
  try {
    results = await runCalls(calls, cli, setup.provider, (result) => {
      if (!json) output.out(tableRow(shape, result));
    });
  } finally {
    await cli.close();
  }
  output.out(json ? `${JSON.stringify(reportJson(setup, results), null, 2)}\n` : summaryLine(results));
  return results.every((result) => result.ok);
}
