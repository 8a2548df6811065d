import type { NewAiUsage } from '../../repositories/ai-usage-repository';

/*
 * The one place that reads cost from metering's usage rows, and the one
 * that prints it: if the row's shape changes, only this file does.
 */

/** US dollars for a call's usage rows; null when any of them is for a model with no known price. */
export function callCost(rows: readonly NewAiUsage[]): number | null {
  if (rows.some((row) => !row.priceKnown)) return null;
  return rows.reduce((sum, row) => sum + row.costUsd, 0);
}

/** "$0.000012", or "unknown price" (a model neither the app's price list nor the settings price: not free). */
export function formatCost(cost: number | null): string {
  return cost === null ? 'unknown price' : `$${cost.toFixed(6)}`;
}
