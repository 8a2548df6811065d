import { fleetReplySchema, fleetView, type FleetView } from '../../../shared/domain/fleet';
import { withPgClient } from './pg-client';

/**
 * The fleet as IT reads it with `npm run cli -- hosted-db devices`: every
 * enrolled device's latest health report (sync_admin.fleet, on the owner's
 * URL), with the attention rules of shared/domain/fleet.ts applied.
 */
export async function readFleet(url: string): Promise<FleetView> {
  return withPgClient(url, async (client) => {
    const result = await client.query<{ fleet: unknown }>('SELECT sync_admin.fleet() AS fleet');
    return fleetView(fleetReplySchema.parse(result.rows[0]!.fleet));
  });
}
