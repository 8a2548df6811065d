import { createContext, useContext } from 'react';
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
