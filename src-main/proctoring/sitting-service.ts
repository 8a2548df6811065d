import { displayProblem, type DisplayCount, type DisplayPolicy } from '../../shared/domain/display-policy';
import type { RoleType } from '../../shared/domain/interview';
import { knownAccommodations, type Accommodation, type KioskSitting } from '../../shared/domain/proctoring';
import type { ProctorSittingView } from '../../shared/domain/sitting-events';
import type { SessionUser } from '../../shared/ipc/contract';
import type { EventSink, WindowId } from '../../shared/ipc/event-sink';
import type { PasswordHasher } from '../accounts/password-hasher';
import { AppFailure } from '../common/app-failure';
import type { Clock } from '../common/clock';
import { nowIso } from '../db/ids';
import type { Logger } from '../logging/logger-types';
import type { CandidateRepository } from '../repositories/candidate-repository';
import type { IntegrityEventRepository } from '../repositories/integrity-event-repository';
import type { RecruiterRepository } from '../repositories/recruiter-repository';
import type { SittingRecord, SittingRepository, SittingWithPeople } from '../repositories/sitting-repository';
import type { PinAttempts } from './pin-attempts';
import type { ProctorAtWindow, ProctorControls } from './proctor-controls';
import { kioskSitting, proctorSittingView } from './sitting-views';

export interface SittingServiceDeps {
  sittings: SittingRepository;
  /** What the kiosk noticed during the sitting's interview, for the proctor's view. */
  integrityEvents: Pick<IntegrityEventRepository, 'newestForInterview'>;
  staff: Pick<RecruiterRepository, 'findById' | 'list' | 'setPinHash'>;
  candidates: Pick<CandidateRepository, 'findByEmail'>;
  hasher: Pick<PasswordHasher, 'hash' | 'verify'>;
  pins: PinAttempts;
  controls: ProctorControls;
  clock: Clock;
  /** This install (kiosk-id.ts). */
  kioskId: string;
  /** Whether a candidate needs an open sitting to start an interview here (kiosk mode and IT's setting), read when asked. */
  required: () => boolean;
  events: EventSink;
  /** The interview's idle clock starts again now (a sitting resumed after a pause). */
  touchInterview: (interviewId: string) => void;
  /** Signs every candidate out of this kiosk (the proctor ended the sitting). */
  signOutCandidates: () => void;
  /** Displays connected now, and how many built in, as the Electron shell last said; null when no shell has (the browser host). */
  displays: () => DisplayCount | null;
  /** IT's display policy at a sitting (lockdown.maxDisplays and lockdown.builtInDisplayOnly). */
  displayPolicy: () => DisplayPolicy;
  logger: Logger;
}

/**
 * Integrity events that lock the kiosk until a proctor's PIN: the candidate
 * may be getting help. A prohibited program locks only when the kiosk watch
 * says so (src-main/kiosk-watch: not for another browser, and not again
 * while the same program keeps running); a virtual machine or a remote
 * session never locks.
 */
export const LOCKING_EVENTS: ReadonlySet<string> = new Set(['display_added', 'display_policy_broken', 'display_mirrored', 'prohibited_process']);

/** Windows told of the sitting's changes; a kiosk has one or two, a reloading browser-host page leaves old ids behind. */
const MAX_WATCHERS = 32;

const NOT_A_PROCTOR = 'Only the proctor can do this. Press Ctrl+Alt+Shift+P and enter your PIN.';
const NO_SITTING = 'No sitting is open at this kiosk.';

/**
 * Proctored sittings at this kiosk (issue 17, point 1): opening one for a
 * candidate whose identity the proctor checked, handing over, pausing,
 * notes, locking after a serious violation, and ending. Also the
 * interview's gate (the interview feature's SittingGate port, which the
 * composition root fills with this): a start needs the candidate's open
 * sitting where IT requires one, and a held sitting holds the interview's
 * clocks.
 */
export class SittingService {
  private readonly watchers = new Set<WindowId>();

  constructor(private readonly deps: SittingServiceDeps) {}

  // ---- the proctor, signed in ------------------------------------------------

  status(proctorId: string): { hasPin: boolean; sitting: ProctorSittingView | null; sittingRequired: boolean } {
    const proctor = this.deps.staff.findById(proctorId);
    const sitting = this.deps.sittings.currentAt(this.deps.kioskId);
    return { hasPin: Boolean(proctor?.pinHash), sitting: sitting ? this.proctorView(sitting) : null, sittingRequired: this.deps.required() };
  }

  async setPin(proctorId: string, pin: string): Promise<void> {
    const hash = await this.deps.hasher.hash(pin);
    if (!this.deps.staff.setPinHash(proctorId, hash)) throw new AppFailure('not_found', 'Your account was not found. Sign in again.');
    this.deps.logger.info('proctor PIN set', { proctorId });
  }

  open(proctor: Pick<SessionUser, 'id'>, input: { candidateEmail: string; identityCheck: string; roleType: RoleType; accommodations?: readonly Accommodation[] }): ProctorSittingView {
    if (!this.deps.staff.findById(proctor.id)?.pinHash) {
      throw new AppFailure('conflict', 'Set your PIN first: it is how you get back to this screen once the candidate has the kiosk.');
    }
    const held = this.deps.sittings.currentAt(this.deps.kioskId);
    if (held) throw new AppFailure('conflict', `A sitting for ${held.candidateName} is still open at this kiosk. End it before opening another.`);
    this.checkDisplays();
    const candidate = this.deps.candidates.findByEmail(input.candidateEmail);
    if (!candidate || candidate.status !== 'active') {
      throw new AppFailure('not_found', 'No active candidate account uses that email. Check it with the candidate, or ask them to register first.', {
        candidateEmail: 'No active candidate account uses that email.',
      });
    }
    const now = nowIso(this.deps.clock);
    const record = this.deps.sittings.open({
      kioskId: this.deps.kioskId,
      candidateId: candidate.id,
      openedBy: proctor.id,
      roleType: input.roleType,
      identityCheck: input.identityCheck,
      identityConfirmedAt: now,
      accommodations: knownAccommodations(input.accommodations ?? []),
      openedAt: now,
    });
    this.deps.logger.info('sitting opened', { sittingId: record.id, candidateId: candidate.id, proctorId: proctor.id, roleType: input.roleType, accommodations: record.accommodations });
    return this.announce(record.id);
  }

  /** IT's display policy: a sitting opens only with displays that keep to it (unknown in the browser host, where no shell reports). */
  private checkDisplays(): void {
    const displays = this.deps.displays();
    const problem = displays ? displayProblem(displays, this.deps.displayPolicy()) : null;
    if (problem) throw new AppFailure('conflict', `${problem.problem} ${problem.fix} Then open the sitting again.`);
  }

  /** The proctor hands the kiosk over: there must be a sitting to hand over (the caller then signs the proctor out). */
  handOver(): void {
    const sitting = this.deps.sittings.currentAt(this.deps.kioskId);
    if (!sitting) throw new AppFailure('conflict', `${NO_SITTING} Open one first.`);
    if (sitting.status !== 'open') throw new AppFailure('conflict', 'The sitting is paused. Resume it before handing the kiosk over.');
  }

  // ---- anyone at the kiosk -----------------------------------------------------

  current(windowId: WindowId): KioskSitting | null {
    this.watch(windowId);
    const sitting = this.deps.sittings.currentAt(this.deps.kioskId);
    return sitting ? kioskSitting(sitting, this.deps.controls.holder(windowId)?.until ?? null) : null;
  }

  /** This kiosk's sitting while it is open or paused, for main's own watch of the kiosk (src-main/kiosk-watch): whose it is and their interview. */
  openSitting(): { id: string; candidateId: string; interviewId: string | null } | null {
    const sitting = this.deps.sittings.currentAt(this.deps.kioskId);
    return sitting ? { id: sitting.id, candidateId: sitting.candidateId, interviewId: sitting.interviewId } : null;
  }

  /** The proctor's PIN: this window holds the sitting's controls for a while. */
  async unlock(windowId: WindowId, pin: string): Promise<ProctorSittingView> {
    this.watch(windowId);
    const sitting = this.deps.sittings.currentAt(this.deps.kioskId);
    if (!sitting) throw new AppFailure('not_found', `${NO_SITTING} A proctor signs in with their staff account to open one.`);
    this.deps.pins.begin();
    let proctor: ProctorAtWindow | null;
    try {
      proctor = await this.proctorWithPin(pin);
    } catch (error) {
      // Not a wrong PIN (the database or bcrypt failed): the try is given back uncounted.
      this.deps.pins.abandon();
      throw error;
    }
    if (!proctor) {
      const failure = this.deps.pins.failed();
      this.deps.logger.warn('wrong proctor PIN at the kiosk', { sittingId: sitting.id });
      throw failure;
    }
    this.deps.pins.succeeded();
    this.deps.controls.grant(windowId, proctor);
    this.deps.logger.info('proctor controls unlocked', { sittingId: sitting.id, proctorId: proctor.proctorId });
    return this.announce(sitting.id);
  }

  // ---- the sitting's controls (a signed-in proctor, or a window holding them after a PIN) ----

  view(windowId: WindowId, user: SessionUser | null): ProctorSittingView {
    this.controller(windowId, user);
    return this.proctorView(this.held());
  }

  pause(windowId: WindowId, user: SessionUser | null): ProctorSittingView {
    const proctor = this.controller(windowId, user);
    const sitting = this.held();
    if (sitting.status === 'paused') return this.proctorView(sitting);
    this.deps.sittings.update(sitting.id, { status: 'paused', pausedAt: nowIso(this.deps.clock) });
    this.deps.logger.info('sitting paused', { sittingId: sitting.id, proctorId: proctor.proctorId });
    return this.announce(sitting.id);
  }

  resume(windowId: WindowId, user: SessionUser | null, note?: string): ProctorSittingView {
    const proctor = this.controller(windowId, user);
    const sitting = this.held();
    if (sitting.status !== 'paused') return this.proctorView(sitting);
    if (sitting.lockReason && !note) {
      throw new AppFailure('invalid_input', 'The kiosk was locked by a violation: write a note saying what you found before resuming.', {
        note: 'Say what you found before resuming.',
      });
    }
    const now = this.deps.clock.now();
    if (note) this.deps.sittings.addNote(sitting.id, this.noteBy(proctor, note, now));
    this.deps.sittings.update(sitting.id, { status: 'open', pausedAt: null, lockReason: null, pausedMs: sitting.pausedMs + this.runningPauseMs(sitting, now) });
    if (sitting.interviewId) this.deps.touchInterview(sitting.interviewId);
    this.deps.logger.info('sitting resumed', { sittingId: sitting.id, proctorId: proctor.proctorId, clearedLock: sitting.lockReason });
    return this.announce(sitting.id);
  }

  addNote(windowId: WindowId, user: SessionUser | null, text: string): ProctorSittingView {
    const proctor = this.controller(windowId, user);
    const sitting = this.held();
    this.deps.sittings.addNote(sitting.id, this.noteBy(proctor, text, this.deps.clock.now()));
    return this.announce(sitting.id);
  }

  /** Ends the sitting: the candidate is signed out, and their interview is left as it stands. */
  end(windowId: WindowId, user: SessionUser | null): ProctorSittingView {
    const proctor = this.controller(windowId, user);
    const sitting = this.held();
    const ended = this.close(sitting, 'proctor', proctor.proctorId);
    this.deps.signOutCandidates();
    return ended;
  }

  releaseControls(windowId: WindowId): void {
    if (this.deps.controls.release(windowId)) this.tell();
  }

  // ---- the interview's gate ------------------------------------------------------

  admitStart(candidateId: string, roleType: RoleType): string | null {
    if (!this.deps.required()) return null;
    const sitting = this.deps.sittings.currentAt(this.deps.kioskId);
    if (!sitting || sitting.candidateId !== candidateId) {
      throw new AppFailure('forbidden', 'Your proctor opens your sitting before you can start the interview. Please ask the proctor at the desk.');
    }
    if (sitting.status !== 'open') throw new AppFailure('forbidden', 'Your sitting is paused. Please wait for your proctor.');
    if (sitting.roleType !== roleType) {
      throw new AppFailure('forbidden', 'Your proctor opened your sitting for a different interview. Choose the one your sitting is for, or ask the proctor to change it.');
    }
    return sitting.id;
  }

  started(sittingId: string, interviewId: string): void {
    const sitting = this.deps.sittings.byId(sittingId);
    if (!sitting || sitting.interviewId === interviewId) return;
    this.deps.sittings.update(sittingId, { interviewId });
    this.announce(sittingId);
  }

  admitCarryOn(candidateId: string): void {
    if (!this.deps.required()) return;
    const sitting = this.deps.sittings.currentAt(this.deps.kioskId);
    if (!sitting || sitting.candidateId !== candidateId) {
      throw new AppFailure('forbidden', 'Your proctor opens your sitting before you can carry on your interview. Please ask the proctor at the desk.');
    }
  }

  carriedOn(candidateId: string, interviewId: string): void {
    const sitting = this.deps.sittings.currentAt(this.deps.kioskId);
    if (!sitting || sitting.candidateId !== candidateId || sitting.interviewId === interviewId) return;
    this.deps.sittings.update(sitting.id, { interviewId });
    this.announce(sitting.id);
  }

  holds(interviewId: string): boolean {
    return this.deps.sittings.byInterview(interviewId)?.status === 'paused';
  }

  grantedTo(candidateId: string): Accommodation[] {
    const sitting = this.deps.sittings.currentAt(this.deps.kioskId);
    return sitting && sitting.candidateId === candidateId && sitting.status === 'open' ? knownAccommodations(sitting.accommodations) : [];
  }

  /** What the interview's sitting granted; a later sitting for the same interview grants afresh. */
  accommodations(interviewId: string): Accommodation[] {
    const sitting = this.deps.sittings.byInterview(interviewId);
    return sitting ? knownAccommodations(sitting.accommodations) : [];
  }

  pausedMs(interviewId: string): number {
    const sitting = this.deps.sittings.byInterview(interviewId);
    return sitting ? sitting.pausedMs + this.runningPauseMs(sitting, this.deps.clock.now()) : 0;
  }

  submitted(interviewId: string): void {
    const sitting = this.deps.sittings.byInterview(interviewId);
    if (sitting && sitting.status !== 'ended') this.close(sitting, 'interview-submitted', null);
  }

  /** Something the kiosk saw (an integrity event): a serious one locks this kiosk's sitting until a proctor's PIN. */
  violation(kind: string): void {
    if (!LOCKING_EVENTS.has(kind)) return;
    const sitting = this.deps.sittings.currentAt(this.deps.kioskId);
    if (!sitting || sitting.lockReason) return;
    this.deps.sittings.update(sitting.id, { status: 'paused', lockReason: kind, pausedAt: sitting.pausedAt ?? nowIso(this.deps.clock) });
    // Whoever held the controls gave them up by walking away: the lock asks for the PIN again.
    this.deps.controls.releaseAll();
    this.deps.logger.warn('kiosk locked by a violation', { sittingId: sitting.id, kind });
    this.announce(sitting.id);
  }

  /**
   * An integrity event was recorded on an interview: if it is this kiosk's
   * sitting's, the windows watching it hear at once, so a proctor's open
   * panel shows it. What they are sent is unchanged (whose sitting, held or
   * not): the candidate's screen never learns a tally.
   */
  recorded(interviewId: string): void {
    if (this.deps.sittings.currentAt(this.deps.kioskId)?.interviewId === interviewId) this.tell();
  }

  // ---- inside -----------------------------------------------------------------------

  private controller(windowId: WindowId, user: SessionUser | null): ProctorAtWindow {
    if (user?.role === 'proctor') return { proctorId: user.id, proctorName: user.fullName };
    const holder = this.deps.controls.holder(windowId);
    if (!holder) throw new AppFailure('forbidden', NOT_A_PROCTOR);
    return holder;
  }

  private held(): SittingWithPeople {
    const sitting = this.deps.sittings.currentAt(this.deps.kioskId);
    if (!sitting) throw new AppFailure('not_found', NO_SITTING);
    return sitting;
  }

  private close(sitting: SittingWithPeople, reason: 'proctor' | 'interview-submitted', endedBy: string | null): ProctorSittingView {
    const now = this.deps.clock.now();
    this.deps.sittings.update(sitting.id, {
      status: 'ended',
      endedAt: now.toISOString(),
      endedBy,
      endReason: reason,
      pausedAt: null,
      pausedMs: sitting.pausedMs + this.runningPauseMs(sitting, now),
    });
    this.deps.controls.releaseAll();
    this.deps.logger.info('sitting ended', { sittingId: sitting.id, reason, endedBy });
    return this.announce(sitting.id);
  }

  private runningPauseMs(sitting: Pick<SittingRecord, 'status' | 'pausedAt'>, now: Date): number {
    return sitting.status === 'paused' && sitting.pausedAt ? Math.max(0, now.getTime() - Date.parse(sitting.pausedAt)) : 0;
  }

  private noteBy(proctor: ProctorAtWindow, text: string, at: Date) {
    return { at: at.toISOString(), proctorId: proctor.proctorId, proctorName: proctor.proctorName, text };
  }

  /** Every active proctor's PIN is tried (on bcrypt's thread pool, side by side); the first that matches says who is at the kiosk. */
  private async proctorWithPin(pin: string): Promise<ProctorAtWindow | null> {
    const proctors = this.deps.staff.list().filter((member) => member.role === 'proctor' && member.isActive && member.pinHash);
    const matches = await Promise.all(proctors.map((member) => this.deps.hasher.verify(pin, member.pinHash!)));
    const index = matches.indexOf(true);
    return index === -1 ? null : { proctorId: proctors[index]!.id, proctorName: proctors[index]!.fullName };
  }

  /** Tells the watching windows (each with its own controls) and returns the proctor's view. */
  private announce(sittingId: string): ProctorSittingView {
    const sitting = this.deps.sittings.byId(sittingId);
    if (!sitting) throw new AppFailure('not_found', NO_SITTING);
    this.tell();
    return this.proctorView(sitting);
  }

  private proctorView(sitting: SittingWithPeople): ProctorSittingView {
    return proctorSittingView(sitting, this.deps.integrityEvents);
  }

  private tell(): void {
    const sitting = this.deps.sittings.currentAt(this.deps.kioskId);
    for (const windowId of this.watchers) {
      this.deps.events.emit(windowId, 'sitting.changed', { sitting: sitting ? kioskSitting(sitting, this.deps.controls.holder(windowId)?.until ?? null) : null });
    }
  }

  private watch(windowId: WindowId): void {
    this.watchers.delete(windowId);
    this.watchers.add(windowId);
    if (this.watchers.size > MAX_WATCHERS) this.watchers.delete(this.watchers.values().next().value!);
  }
}
