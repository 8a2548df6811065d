import type { ChannelInput, ChannelOutput } from '../../shared/ipc/contract';

type ConsentChannel = 'consent.notice' | 'consent.answer';
/** A call that gives its data or throws, as every harness's `ok` does. */
export type ConsentCall = <C extends ConsentChannel>(channel: C, input: ChannelInput<C>, windowId?: string) => Promise<ChannelOutput<C>>;

/**
 * The candidate signed in on `windowId` reads the current notice and
 * chooses “I agree”, as the notice screen does before the equipment check:
 * every test that records a candidate's voice or words needs it first.
 */
export async function agreeToNotice(calls: { ok: ConsentCall }, windowId?: string): Promise<void> {
  const { notice } = await calls.ok('consent.notice', {}, windowId);
  await calls.ok('consent.answer', { language: notice.language, noticeVersion: notice.version, noticeSha256: notice.sha256, choice: 'consent' }, windowId);
}
