import { PROCTOR_CONTROL_MINUTES } from '../../shared/domain/proctoring';
import type { WindowId } from '../../shared/ipc/event-sink';
import type { Clock } from '../common/clock';

export interface ProctorAtWindow {
  proctorId: string;
  proctorName: string;
}

/**
 * Which windows hold a sitting's controls after a proctor's PIN, and until
 * when. A grant is for one window (the kiosk screen the proctor stands at)
 * and lasts PROCTOR_CONTROL_MINUTES unless given back sooner, so a proctor
 * who walks away does not leave the controls to the candidate for long.
 */
export class ProctorControls {
  private readonly grants = new Map<WindowId, ProctorAtWindow & { until: number }>();

  constructor(private readonly clock: Clock) {}

  grant(windowId: WindowId, proctor: ProctorAtWindow): Date {
    const until = this.clock.now().getTime() + PROCTOR_CONTROL_MINUTES * 60_000;
    this.grants.set(windowId, { ...proctor, until });
    return new Date(until);
  }

  /** The proctor whose controls this window holds now, or null (an expired grant is forgotten here). */
  holder(windowId: WindowId): (ProctorAtWindow & { until: Date }) | null {
    const grant = this.grants.get(windowId);
    if (!grant) return null;
    if (grant.until <= this.clock.now().getTime()) {
      this.grants.delete(windowId);
      return null;
    }
    return { proctorId: grant.proctorId, proctorName: grant.proctorName, until: new Date(grant.until) };
  }

  release(windowId: WindowId): boolean {
    return this.grants.delete(windowId);
  }

  releaseAll(): void {
    this.grants.clear();
  }
}
