import { describe, expect, it } from 'vitest';
import { addAnswer, addAnswerSummary, addQuestion, conversationMemorySchema, emptyMemory, promptTurns, type ConversationMemory } from '../../../../src-main/interview/engine/index';
import { conversationMemorySchema as columnSchema } from '../../../../src-main/db/json-schemas';

function memoryOf(turns: number, answerLength = 20): ConversationMemory {
  let memory = emptyMemory();
  for (let i = 1; i <= turns; i++) {
    memory = addQuestion(memory, `q${i}`, `Question ${i}?`);
    memory = addAnswer(memory, `q${i}`, `${i}`.padEnd(answerLength, 'a'));
  }
  return memory;
}

const size = (turns: ReturnType<typeof promptTurns>) => turns.reduce((sum, t) => sum + t.question.length + ('answer' in t ? t.answer : t.answerSummary).length, 0);

describe('conversation memory', () => {
  it('keeps every turn and gives a prompt only the latest N', () => {
    const memory = memoryOf(10);
    expect(memory.turns).toHaveLength(10);
    const turns = promptTurns(memory, { maxTurns: 3 });
    expect(turns.map((t) => t.question)).toEqual(['Question 8?', 'Question 9?', 'Question 10?']);
  });

  it('stays within the character cap: older answers give way to summaries, then are cut, then dropped', () => {
    let memory = memoryOf(4, 1000);
    memory = addAnswerSummary(memory, 'q1', 'knows closures');
    const summarised = promptTurns(memory, { maxChars: 3100 });
    expect(summarised[0]).toEqual({ question: 'Question 1?', answerSummary: 'knows closures' });
    expect(size(summarised)).toBeLessThanOrEqual(3100);

    const cut = promptTurns(memory, { maxChars: 1800 });
    expect(size(cut)).toBeLessThanOrEqual(1800);
    expect(cut.at(-1)).toEqual({ question: 'Question 4?', answer: '4'.padEnd(1000, 'a') });

    const tiny = promptTurns(memory, { maxChars: 500 });
    expect(tiny).toHaveLength(1);
    expect(size(tiny)).toBeLessThanOrEqual(500);
    expect(tiny[0]!.question).toBe('Question 4?');
  });

  it('shows a question still waiting for its answer', () => {
    const memory = addQuestion(emptyMemory(), 'q1', 'Tell me about hooks?');
    expect(promptTurns(memory)).toEqual([{ question: 'Tell me about hooks?', answer: '(no answer yet)' }]);
  });

  it('ignores a repeated question and refuses an answer to an unknown one', () => {
    const memory = addQuestion(emptyMemory(), 'q1', 'A?');
    expect(addQuestion(memory, 'q1', 'A?')).toBe(memory);
    expect(() => addAnswer(memory, 'q9', 'x')).toThrow(/q9/);
  });

  it('round-trips through its schema and fits the conversation_memory column', () => {
    const memory = addAnswerSummary(memoryOf(3), 'q2', 'short');
    const json = JSON.parse(JSON.stringify(memory));
    expect(conversationMemorySchema.parse(json)).toEqual(memory);
    expect(columnSchema.parse(json)).toEqual(memory);
  });

  it('is the one schema: the conversation_memory column checks with the engine\'s own', () => {
    expect(columnSchema).toBe(conversationMemorySchema);
  });

  it('reads a stored memory the engine did not write as one without turns, keeping its other fields', () => {
    expect(conversationMemorySchema.parse({})).toEqual({ turns: [] });
    expect(conversationMemorySchema.parse({ summary: 'hooks', messages: [{ role: 'user', content: 'hi' }] })).toEqual({
      summary: 'hooks',
      messages: [{ role: 'user', content: 'hi' }],
      turns: [],
    });
    const turn = { questionMessageId: 'q1', question: 'A?', answer: null, answerSummary: null, askedBy: 'web' };
    expect(conversationMemorySchema.parse({ turns: [turn], source: { app: 'dashboard' } })).toEqual({ turns: [turn], source: { app: 'dashboard' } });
  });

  it('still refuses a memory that breaks its shape', () => {
    for (const bad of [
      { turns: [{ questionMessageId: '', question: 'A?', answer: null, answerSummary: null }] },
      { turns: [{ questionMessageId: 'q1', question: 'A?', answer: 5, answerSummary: null }] },
      { summary: 5 },
      { messages: [{ role: 'robot', content: 'x' }] },
      { turns: [], extra: Number.NaN },
    ]) {
      expect(conversationMemorySchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});
