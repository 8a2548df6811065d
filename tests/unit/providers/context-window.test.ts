import { describe, expect, it } from 'vitest';
import { trimForContext } from '../../../src-main/providers/ai/context-window';
import type { ChatMessage } from '../../../src-main/providers/ai/types';

const user = (n: number): ChatMessage => ({ role: 'user', content: `answer ${n}` });
const assistant = (n: number): ChatMessage => ({ role: 'assistant', content: `question ${n}` });

describe('trimForContext', () => {
  it('keeps every system message and the last five others, in order', () => {
    const messages: ChatMessage[] = [{ role: 'system', content: 'You are an interviewer.' }];
    for (let i = 1; i <= 10; i++) messages.push(assistant(i), user(i));
    messages.push({ role: 'system', content: 'Wrap up now.' });
    expect(trimForContext(messages)).toEqual([
      { role: 'system', content: 'You are an interviewer.' },
      { role: 'system', content: 'Wrap up now.' },
      user(8),
      assistant(9),
      user(9),
      assistant(10),
      user(10),
    ]);
  });

  it('returns the same array when nothing can be dropped', () => {
    const messages: ChatMessage[] = [{ role: 'system', content: 'S' }, assistant(1), user(1), assistant(2), user(2), assistant(3)];
    expect(trimForContext(messages)).toBe(messages);
    const reordered: ChatMessage[] = [assistant(1), { role: 'system', content: 'S' }, user(1)];
    expect(trimForContext(reordered)).toBe(reordered);
  });
});
