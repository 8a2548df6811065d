/**
 * What an interview's AI calls cost, as recorded: the priced calls' sum, and
 * the calls whose model had no price (their cost is unknown, not zero).
 */
export interface AiCost {
  costUsd: number;
  unpricedCalls: number;
  /** The models without a price, for the administrator who can add one in device settings. */
  unpricedModels: readonly string[];
}

/**
 * The cost in words, the same on screen and in the PDF (each passes its own
 * money format): the sum when every call was priced; otherwise the priced
 * part and how many calls are not in it, or "Unknown" when nothing priced
 * cost anything. Never "$0" for a cost nobody knows.
 */
export function describeAiCost(cost: AiCost, formatUsd: (usd: number) => string): string {
  if (cost.unpricedCalls === 0) return formatUsd(cost.costUsd);
  const why = cost.unpricedModels.length > 0 ? `no price for ${cost.unpricedModels.join(', ')}` : null;
  if (cost.costUsd === 0) return `Unknown (${why ?? callsAtUnknownPrices(cost.unpricedCalls)})`;
  return `${formatUsd(cost.costUsd)} + ${callsAtUnknownPrices(cost.unpricedCalls)}${why ? ` (${why})` : ''}`;
}

function callsAtUnknownPrices(calls: number): string {
  return calls === 1 ? '1 call at an unknown price' : `${calls.toLocaleString('en-US')} calls at unknown prices`;
}
