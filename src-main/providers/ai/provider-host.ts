/** The host a provider address names, for messages; `fallback` when it names none (not a URL, or no host in it). */
export function providerHost(baseUrl: string, fallback: string): string {
  try {
    return new URL(baseUrl).host || fallback;
  } catch {
    return fallback;
  }
}
