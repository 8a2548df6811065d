import { z } from 'zod';
import { fleetViewSchema } from '../domain/fleet';
import { channel } from './channel';

/** The admin's Devices section: the fleet from the hosted database, or the last list fetched when it cannot be reached. */
export const fleetScreenSchema = z.object({
  /** True when just read from the hosted database; false for the last list fetched (or none). */
  live: z.boolean(),
  /** When `fleet` was read from the hosted database; null when no list was ever fetched here. */
  fetchedAt: z.string().nullable(),
  /** Why no fresh list could be read (offline, not configured, refused); null when live. */
  problem: z.string().nullable(),
  fleet: fleetViewSchema.nullable(),
});
export type FleetScreen = z.infer<typeof fleetScreenSchema>;

export const fleetChannels = {
  'fleet.devices': channel({
    summary:
      'Admin: every enrolled device with its health report (versions, last sync, disk, queues, keychain, errors) and what needs attention, read from the hosted database through this device\'s sync connection.',
    access: ['admin'],
    input: z.strictObject({}),
    output: fleetScreenSchema,
  }),
} as const;
