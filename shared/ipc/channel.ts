import type { z } from 'zod';
import type { Role } from '../domain/roles';

/** `public` channels answer without a session (sign-in, registration, status). */
export type Access = 'public' | readonly Role[];

export interface ChannelSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  /** Strict schema: wrong types, extra keys and oversized strings are refused. */
  input: I;
  /** Parsed in main before answering, so fields a handler did not mean to send are stripped. */
  output: O;
  access: Access;
  summary: string;
}

export function channel<I extends z.ZodType, O extends z.ZodType>(spec: ChannelSpec<I, O>): ChannelSpec<I, O> {
  return spec;
}

export interface EventSpec<P extends z.ZodType = z.ZodType> {
  payload: P;
  summary: string;
}

export function event<P extends z.ZodType>(spec: EventSpec<P>): EventSpec<P> {
  return spec;
}
