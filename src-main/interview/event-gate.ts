/**
 * Holds a question's events (its text as it is written, its audio as it is
 * synthesised) while the question is only a guess: the candidate has gone
 * quiet and their words sound finished, so the next question is written
 * ahead, but they may yet speak again. `open()` sends what was held, in
 * order, and lets later events straight through; `drop()` forgets them, so
 * a question that was never asked is never shown or heard.
 */
export class EventGate {
  private held: (() => void)[] = [];
  private state: 'held' | 'open' | 'dropped';

  constructor(open = false) {
    this.state = open ? 'open' : 'held';
  }

  get isOpen(): boolean {
    return this.state === 'open';
  }

  get isDropped(): boolean {
    return this.state === 'dropped';
  }

  /** Sends `send` now if the gate is open, later if it opens, never if it is dropped. */
  pass(send: () => void): void {
    if (this.state === 'open') send();
    else if (this.state === 'held') this.held.push(send);
  }

  open(): void {
    if (this.state !== 'held') return;
    this.state = 'open';
    const held = this.held;
    this.held = [];
    for (const send of held) send();
  }

  drop(): void {
    this.state = 'dropped';
    this.held = [];
  }
}
