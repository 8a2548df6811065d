/** The kinds of device IT enrols; apart from device-admin so the CLI can check --kind without loading pg. */
export type DeviceKind = 'kiosk' | 'laptop';
export const deviceKinds: readonly DeviceKind[] = ['kiosk', 'laptop'];
