/**
 * The AI provider layer's own cost per call: sequential chat calls through
 * the layer (key read, client, breaker, deadline, SDK, metering into
 * SQLite) against the same request made with plain fetch, both to the fake
 * OpenAI server answering at once. Calls alternate, so drift in the machine
 * hits every side alike; the overhead is taken call by call against the
 * fetch made next to it.
 *
 * The usage row is written just after the caller has its reply (one
 * SQLite commit synced to disk); the benchmark writes it outside the timed
 * window, so it lands in no other call's time, and reports it on its own.
 *
 *   npm run bench:providers            (N defaults to 300; BENCH_CALLS=1000 for more)
 *
 * Prints a report, then ONE line of JSON with the figures.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../src-main/logging/logger';
import { MemorySecretStore } from '../src-main/secrets/memory-secret-store';
import { FileSettingsBackend } from '../src-main/settings/file-settings-backend';
import { SettingsService } from '../src-main/settings/settings-service';
import { startFakeOpenAi } from '../tests/fixtures/fake-openai/index';
import { percentile } from './stats';
import { buildApp } from '../tests/support/test-app';
import { BCRYPT_COST } from '../shared/domain/account-rules';

const CALLS = Math.max(200, Number.parseInt(process.env.BENCH_CALLS ?? '300', 10) || 300);
const WARMUP = 30;
const TARGET_P95_MS = 5;
const API_KEY = 'bench-key-not-a-secret';

const round = (ms: number) => Math.round(ms * 1000) / 1000;

async function main(): Promise<void> {
  const server = await startFakeOpenAi({ defaultLatency: { firstByteMs: 0 } });
  const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-bench-'));
  const logger = createLogger({ level: 'info', sink: () => {} });
  const settings = new SettingsService({ backend: new FileSettingsBackend(join(dataDir, 'settings.json')), machineFilePath: null, logger });
  settings.update({ provider: { baseUrl: server.url } });
  const app = buildApp({
    dataDir,
    settings,
    secrets: new MemorySecretStore({ 'openai-api-key': API_KEY }),
    logger,
    version: 'bench',
    // The product's cost: a benchmark measures what a kiosk does.
    overrides: { bcryptCost: BCRYPT_COST },
  });

  const messages = [
    { role: 'system' as const, content: 'You are a friendly technical interviewer.' },
    { role: 'user' as const, content: 'I have used React for three years, mostly with hooks.' },
  ];
  const viaLayer = async () => {
    await app.services.ai.languageModel.chat({ task: 'interview', messages });
  };
  const body = JSON.stringify({ model: 'gpt-4o-mini', messages });
  const viaFetch = async () => {
    const response = await fetch(`${server.url}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      body,
    });
    if (!response.ok) throw new Error(`fetch got HTTP ${response.status}`);
    await response.json();
  };
  const timed = async (run: () => Promise<void>) => {
    const started = performance.now();
    await run();
    return performance.now() - started;
  };

  try {
    for (let i = 0; i < WARMUP; i++) {
      await viaLayer();
      app.services.ai.flushUsage();
      await viaFetch();
    }
    const series = { layer: [] as number[], fetch: [] as number[], usageWrite: [] as number[] };
    for (let i = 0; i < CALLS; i++) {
      // Alternate the order, so neither series always gets the warmest connection.
      const layerFirst = i % 2 === 0;
      if (!layerFirst) series.fetch.push(await timed(viaFetch));
      series.layer.push(await timed(viaLayer));
      series.usageWrite.push(await timed(async () => app.services.ai.flushUsage()));
      if (layerFirst) series.fetch.push(await timed(viaFetch));
    }
    const overhead = series.layer.map((ms, i) => ms - series.fetch[i]!);

    const figures = {
      calls: CALLS,
      layer_p50_ms: round(percentile(series.layer, 50)),
      layer_p95_ms: round(percentile(series.layer, 95)),
      fetch_p50_ms: round(percentile(series.fetch, 50)),
      fetch_p95_ms: round(percentile(series.fetch, 95)),
      overhead_p50_ms: round(percentile(overhead, 50)),
      overhead_p95_ms: round(percentile(overhead, 95)),
      usage_write_p50_ms: round(percentile(series.usageWrite, 50)),
      usage_write_p95_ms: round(percentile(series.usageWrite, 95)),
      target_overhead_p95_ms: TARGET_P95_MS,
    };
    const verdict = figures.overhead_p95_ms < TARGET_P95_MS ? 'within' : 'over';
    const row = (label: string, p50: number, p95: number) => console.log(`  ${label.padEnd(38)} ${p50.toFixed(3).padStart(8)} ${p95.toFixed(3).padStart(10)}`);
    console.log('AI provider layer overhead: chat completion against the fake OpenAI server (no latency)');
    console.log(`  ${CALLS} sequential calls per series, after ${WARMUP} warm-up calls; times in ms`);
    console.log('');
    console.log(`  ${''.padEnd(38)} ${'p50'.padStart(8)} ${'p95'.padStart(10)}`);
    row('plain fetch', figures.fetch_p50_ms, figures.fetch_p95_ms);
    row('through the layer', figures.layer_p50_ms, figures.layer_p95_ms);
    row('overhead (layer - fetch)', figures.overhead_p50_ms, figures.overhead_p95_ms);
    row('usage row write, after the reply', figures.usage_write_p50_ms, figures.usage_write_p95_ms);
    console.log('');
    console.log(`  p95 overhead ${figures.overhead_p95_ms.toFixed(3)} ms: ${verdict} the ${TARGET_P95_MS} ms target.`);
    console.log('  The usage row (one SQLite commit, synced to disk) is written after the caller has its reply.');
    console.log(JSON.stringify(figures));
  } finally {
    app.close();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
