/** Types for the README's verification example (verify-webhook.mjs), so the tests call it as TypeScript would. */
export function verifyWebhook(secret: string, headers: Record<string, string | undefined>, rawBody: string, nowSeconds?: number): unknown;
