/**
 * Host names that mean this computer, as a URL's `hostname` gives them:
 * the one place an address may be plain http:// (a test receiver, a local
 * feed or collector), since nothing it carries crosses a network.
 */
const THIS_COMPUTER_HOSTS: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]']);

export function namesThisComputer(url: URL): boolean {
  return THIS_COMPUTER_HOSTS.has(url.hostname.toLowerCase());
}

/** https://, or http:// to this computer: the rule for every address the app sends something to. */
export function isHttpsOrThisComputer(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && namesThisComputer(url));
}
