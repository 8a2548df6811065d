import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { aiCallPayloadSchema } from '../../../shared/domain/audit';
import { verifyChains } from '../../../src-main/audit/chain';
import { messagesForHash } from '../../../src-main/providers/ai/call-trail';
import { AuditRepository } from '../../../src-main/repositories/audit-repository';
import { synthesizeWav } from '../../fixtures/fake-openai/index';
import { collect, createAiHarness, providerError, useFakeOpenAi, type AiHarness } from './support';

const fake = useFakeOpenAi();
let h: AiHarness;
beforeEach(() => {
  h = createAiHarness(fake.server);
});
afterEach(() => h.close());

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');
/** A phrase a candidate might say: it must reach the provider and never the audit trail. */
const SECRET_ANSWER = 'My home address is 12 Privet Drive';
const template = { id: 'scoring/v1/skill', version: 'a'.repeat(64) };
const messages = [
  { role: 'system' as const, content: 'Judge the answer.' },
  { role: 'user' as const, content: SECRET_ANSWER },
];

function entries() {
  h.ai.flushUsage();
  const rows = new AuditRepository(h.app.database, 'unused').allForVerification();
  return rows.map((row) => ({ ...row, parsed: aiCallPayloadSchema.parse(JSON.parse(row.payload)) }));
}

describe('the audit trail of model calls', () => {
  it('records each call with its template, snapshot, hashes of what went in and came out, tokens and usage row, and no content', async () => {
    const interviewId = h.createInterview();
    fake.server.enqueue('chat', { kind: 'chat', content: '{"score":3}', usage: { prompt_tokens: 120, completion_tokens: 8 } });
    fake.server.enqueue('chat', { kind: 'chat', content: 'Streamed question?' });
    fake.server.enqueue('speech', { kind: 'speech', durationMs: 300 });
    fake.server.enqueue('transcriptions', { kind: 'transcription', text: SECRET_ANSWER, durationSeconds: 2 });
    const structured = await h.ai.languageModel.structured({ task: 'scoring', messages, schema: z.object({ score: z.number() }), schemaName: 's', interviewId, template });
    const stream = await h.ai.languageModel.streamChat({ task: 'interview', messages, interviewId });
    const streamed = await stream.completion();
    const audio = await collect((await h.ai.textToSpeech.synthesize({ text: 'Tell me about hooks.', interviewId })).chunks);
    const wav = synthesizeWav(400);
    await h.ai.speechToText.transcribe({ audio: wav, mediaType: 'audio/wav', interviewId });

    const [scoring, question, speech, transcription] = entries();
    const usageRows = h.usage.listForInterview(interviewId);
    expect(scoring).toMatchObject({ sequence: 1, kind: 'ai_call', interviewId });
    expect(scoring!.parsed).toEqual({
      purpose: 'scoring',
      endpoint: 'chat',
      provider: 'openai',
      model: structured.model,
      snapshot: structured.model, // the fake names the model it was asked for, as the service names its snapshot
      snapshotNote: null,
      template,
      inputSha256: sha256(messagesForHash(messages)),
      outputSha256: sha256(structured.text),
      promptTokens: 120,
      completionTokens: 8,
      audioSeconds: null,
      characters: null,
      latencyMs: expect.any(Number),
      outcome: 'ok',
      errorKind: null,
      usageId: usageRows[0]!.id,
    });
    expect(question!.parsed).toMatchObject({ purpose: 'interview', template: null, outputSha256: sha256(streamed.text), snapshot: streamed.model });
    expect(speech!.parsed).toMatchObject({ endpoint: 'speech', inputSha256: sha256('Tell me about hooks.'), outputSha256: sha256(audio), snapshot: null, snapshotNote: expect.stringMatching(/speech endpoint/) });
    expect(transcription!.parsed).toMatchObject({ endpoint: 'transcription', inputSha256: sha256(wav), outputSha256: sha256(SECRET_ANSWER), snapshot: null });
    // Hashes only: the candidate's words reached the provider but not the trail.
    const stored = h.app.database.sqlite.prepare('SELECT payload FROM audit_entries').all() as { payload: string }[];
    expect(stored.map((row) => row.payload).join('\n')).not.toContain('Privet');
    expect(verifyChains(entries())).toEqual([{ deviceId: scoring!.deviceId, intact: true, entries: 4, first: 1, last: 4 }]);
    // Each entry syncs like every synced row.
    const queued = h.app.database.sqlite.prepare(`SELECT count(*) AS n FROM sync_outbox WHERE table_name = 'audit_entries'`).get() as { n: number };
    expect(queued.n).toBe(4);
  });

  it('records a failed call with its error kind and no output', async () => {
    fake.server.enqueue('chat', { kind: 'fault', fault: 'bad_request' });
    await providerError(h.ai.languageModel.chat({ task: 'resumeParsing', messages, template }));
    const [failed] = entries();
    expect(failed!.parsed).toMatchObject({ outcome: 'error', errorKind: 'bad_request', outputSha256: null, inputSha256: sha256(messagesForHash(messages)), template });
    expect(failed!.interviewId).toBeNull();
  });
});
