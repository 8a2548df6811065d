import { knownModel, type ModelPrice } from '../../../shared/domain/ai-models';

export interface BillableUsage {
  /** Every input token, cached ones included. */
  promptTokens: number;
  cachedPromptTokens: number;
  /** Every output token, reasoning tokens included (they are billed as output). */
  completionTokens: number;
  audioSeconds: number | null;
  characters: number | null;
}

// Snapshot suffixes the API reports or deployments use: gpt-4o-mini-2024-07-18, gpt-4o-2024-08-06.
const DATED_SUFFIX = /-\d{4}-\d{2}-\d{2}$/;

/**
 * The price of `model`: the deployment's own table first (by exact name,
 * then without a date suffix), then the list prices in ai-models.ts.
 * Undefined when neither knows it: the call's cost is then unknown, and is
 * recorded as such rather than as free.
 */
export function priceFor(model: string, configured: Readonly<Record<string, ModelPrice>>): ModelPrice | undefined {
  const undated = model.replace(DATED_SUFFIX, '');
  const own = Object.hasOwn(configured, model) ? configured[model] : Object.hasOwn(configured, undated) ? configured[undated] : undefined;
  return own ?? knownModel(model)?.price;
}

/**
 * US dollars for one call, as the provider bills it: cached input tokens at
 * the cached rate (the input rate when the table has none), the rest of the
 * input at the input rate, output (reasoning included) at the output rate,
 * plus audio minutes and characters for models billed that way. Null when
 * the price is unknown.
 */
export function costUsd(price: ModelPrice | undefined, usage: BillableUsage): number | null {
  if (!price) return null;
  const perMillion = (tokens: number, rate: number | undefined) => (Math.max(0, tokens) / 1_000_000) * (rate ?? 0);
  const cached = Math.min(usage.cachedPromptTokens, usage.promptTokens);
  let cost = 0;
  cost += perMillion(usage.promptTokens - cached, price.inputPerMillionTokens);
  cost += perMillion(cached, price.cachedInputPerMillionTokens ?? price.inputPerMillionTokens);
  cost += perMillion(usage.completionTokens, price.outputPerMillionTokens);
  cost += ((usage.audioSeconds ?? 0) / 60) * (price.perAudioMinute ?? 0);
  cost += ((usage.characters ?? 0) / 1_000_000) * (price.perMillionCharacters ?? 0);
  // Twelve decimals: far below a cent, and sums of many calls do not drift into visible noise.
  return Math.round(cost * 1e12) / 1e12;
}
