import { defaultModelPrices, type ModelPrice } from '../../../shared/domain/settings';

export interface BillableUsage {
  promptTokens: number;
  completionTokens: number;
  audioSeconds: number | null;
  characters: number | null;
}

// Snapshot suffixes the API reports or deployments use: gpt-4o-mini-2024-07-18, gpt-4o-2024-08-06.
const DATED_SUFFIX = /-\d{4}-\d{2}-\d{2}$/;

/**
 * The price of `model`: the deployment's table first, then the built-in
 * defaults, each by exact name and then without a date suffix. Undefined
 * when neither knows it (the call is then recorded at no cost, and logged).
 */
export function priceFor(model: string, configured: Readonly<Record<string, ModelPrice>>): ModelPrice | undefined {
  const undated = model.replace(DATED_SUFFIX, '');
  for (const table of [configured, defaultModelPrices]) {
    const price = Object.hasOwn(table, model) ? table[model] : Object.hasOwn(table, undated) ? table[undated] : undefined;
    if (price) return price;
  }
  return undefined;
}

/**
 * US dollars for one call: every part of the price that applies. A model
 * priced per audio minute and also reporting tokens (gpt-4o-transcribe) is
 * charged by the minute only when that is all the table gives for it.
 */
export function costUsd(price: ModelPrice | undefined, usage: BillableUsage): number {
  if (!price) return 0;
  let cost = 0;
  cost += (usage.promptTokens / 1_000_000) * (price.inputPerMillionTokens ?? 0);
  cost += (usage.completionTokens / 1_000_000) * (price.outputPerMillionTokens ?? 0);
  cost += ((usage.audioSeconds ?? 0) / 60) * (price.perAudioMinute ?? 0);
  cost += ((usage.characters ?? 0) / 1_000_000) * (price.perMillionCharacters ?? 0);
  // Twelve decimals: far below a cent, and sums of many calls do not drift into visible noise.
  return Math.round(cost * 1e12) / 1e12;
}
