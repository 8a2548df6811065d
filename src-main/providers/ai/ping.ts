import type { ChatMessage } from './types';

/**
 * The cheapest call that proves the language model answers with this key at
 * this address: `npm run cli -- provider check` starts with it, and so does
 * the kiosk's self-check. A few tokens, nothing about a real person.
 */
export const PING: ChatMessage[] = [{ role: 'user', content: 'Reply with one word: ready.' }];
/** Room for a one-word answer, and for a reasoning model's few hidden tokens before it. */
export const PING_MAX_TOKENS = 64;
