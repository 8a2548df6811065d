/**
 * Where IT's central policy comes from on this OS (issue 20, point 1): the
 * Windows registry's policy key, macOS managed preferences, a file in /etc on
 * Linux. A source only fetches raw values by policy name (DeviceMode,
 * EndOfTurnSilenceMs); src-main/settings/policy/policy-layer.ts checks them
 * against the settings schema, so every source is held to the same rules.
 */
export type PolicyReading =
  /** IT has set no policy here at all (no file, no registry key): nothing is enforced. */
  | { status: 'none' }
  /** Raw values by policy name, as the store typed them (registry: number or text; plist and JSON: their own types). */
  | { status: 'read'; values: Record<string, unknown> }
  /** The policy exists but cannot be read as a whole (unparseable file, failing command), in words for IT. */
  | { status: 'unreadable'; problem: string };

export interface PolicySource {
  /** Where the policy is read from, named in the admin view and in every warning: a path or a registry key. */
  readonly location: string;
  /** Reads at start-up, before the app is built: the settings in force must be known before anything uses them. */
  readNow(): PolicyReading;
  /** Reads while the app runs, without holding up the event loop (a registry query is a child process). */
  read(): Promise<PolicyReading>;
  /**
   * Calls back soon after the policy may have changed, where the OS can say
   * so cheaply (a file watch). Optional and best-effort: the policy layer
   * also polls, which is what catches a registry change. Returns the stop function.
   */
  watch?(changed: () => void): () => void;
}
