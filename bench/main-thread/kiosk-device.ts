import { enrolledDevice, type Device } from '../../tests/integration/sync/hosted-support';

/** The fake provider accepts any key; both arrangements store this one. */
export const API_KEY = 'bench-key-not-a-secret';

/**
 * The kiosk under test, as tests/integration/sync/hosted-support.ts enrols
 * one (real SQLite, the real sync service against the hosted database),
 * speaking to the fake provider. Built where the core runs.
 */
export async function kioskDevice(databaseUrl: string, providerUrl: string): Promise<Device> {
  const device = await enrolledDevice(databaseUrl, 'kiosk', { name: 'bench kiosk' });
  // The bench's candidates start without a proctor's sitting, as at a kiosk where IT turned sittings off.
  await device.app.services.settings.update({ provider: { baseUrl: providerUrl }, interview: { requireProctorSitting: false } });
  await device.app.services.secrets.set('openai-api-key', API_KEY);
  return device;
}
