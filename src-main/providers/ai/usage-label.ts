/**
 * Marks the usage of calls made for work that may be thrown away (the next
 * question, written ahead while the candidate was quiet). The calls are
 * paid for either way, so they are always metered; if the work is
 * discarded, their usage rows say so (error_kind 'discarded'), whether they
 * were written before or after the discarding.
 */
export class UsageLabel {
  private discardedAlready = false;
  private readonly recorded: string[] = [];
  private markers = new Set<(usageIds: string[]) => void>();

  get discarded(): boolean {
    return this.discardedAlready;
  }

  /** Metering tells the label of each row it wrote, and how to mark rows written before `discard`. */
  noteRecorded(usageId: string, mark: (usageIds: string[]) => void): void {
    this.recorded.push(usageId);
    this.markers.add(mark);
  }

  discard(): void {
    if (this.discardedAlready) return;
    this.discardedAlready = true;
    const ids = this.recorded.splice(0);
    if (ids.length === 0) return;
    for (const mark of this.markers) mark(ids);
    this.markers = new Set();
  }
}
