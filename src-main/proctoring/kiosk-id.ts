import { randomUUID } from 'node:crypto';

const KIOSK_ID_KEY = 'kiosk.install_id';

/**
 * This install's id, made once and kept in the device's own bookkeeping
 * (sync_state, which never syncs): sittings are marked with it, because sync
 * brings other kiosks' sittings here too and each kiosk holds only its own.
 */
export function kioskIdFrom(state: { get(key: string): string | null; set(key: string, value: string): void }): string {
  const known = state.get(KIOSK_ID_KEY);
  if (known) return known;
  const made = randomUUID();
  state.set(KIOSK_ID_KEY, made);
  return made;
}
