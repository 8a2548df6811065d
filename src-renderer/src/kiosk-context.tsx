import { createContext, useContext } from 'react';
import type { KioskApi } from '../../shared/ipc/api';
import type { ChannelInput, ChannelName, ChannelOutput } from '../../shared/ipc/contract';
import type { Result } from '../../shared/ipc/result';

export type KioskCall = <C extends ChannelName>(channel: C, input: ChannelInput<C>) => Promise<Result<ChannelOutput<C>>>;

/**
 * Screens call main through this rather than `window.kiosk` directly, so
 * App can notice an expired session on any call and return to sign-in.
 */
export const KioskCallContext = createContext<KioskCall | null>(null);

export function useKioskCall(): KioskCall {
  const call = useContext(KioskCallContext);
  if (!call) throw new Error('useKioskCall must be used inside App.');
  return call;
}

export type KioskEvents = KioskApi['on'];

/** Main→renderer events (question text, spoken audio, AI status), for the screens that need them. */
export const KioskEventsContext = createContext<KioskEvents | null>(null);

export function useKioskEvents(): KioskEvents {
  const on = useContext(KioskEventsContext);
  if (!on) throw new Error('useKioskEvents must be used inside App.');
  return on;
}
