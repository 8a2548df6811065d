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
  /**
   * The largest input this channel takes, in bytes of its JSON form; the
   * dispatcher refuses anything bigger before validating it. Leave it out
   * for the default (DEFAULT_MAX_INPUT_BYTES); declare it only on channels
   * that carry audio or files.
   */
  maxInputBytes?: number;
}

/** What a channel without a declared `maxInputBytes` may receive: forms and ids, never files. */
export const DEFAULT_MAX_INPUT_BYTES = 64 * 1024;

/** The input size the dispatcher allows on a channel. */
export function inputByteLimit(spec: Pick<ChannelSpec, 'maxInputBytes'>): number {
  return spec.maxInputBytes ?? DEFAULT_MAX_INPUT_BYTES;
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
