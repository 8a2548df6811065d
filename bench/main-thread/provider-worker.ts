import { parentPort } from 'node:worker_threads';
import { startFakeOpenAi, type Latency, type Reply } from '../../tests/fixtures/fake-openai/index';
import { scoringReply } from '../../tests/fixtures/scoring-ai';
import { isJudgeRequest, judgementReply, questionNumberOf } from '../../tests/integration/interview/support';
import { PACE, type ToProvider } from './provider-thread';

/**
 * In a worker thread: the fake OpenAI server answering as an interview and
 * scoring need. Its HTTP, JSON and audio synthesis then run on the worker's
 * loop, as the real service's run on OpenAI's machines, not on the measured one.
 */
const server = await startFakeOpenAi();
let paced = false;
let asked = 0;
const pace = (reply: Reply, latency: Latency): Reply => (paced ? ({ ...reply, latency } as Reply) : reply);
server.setResponder('chat', (request) => {
  const scoring = scoringReply(request, { wordsPerText: 60 });
  if (scoring) return scoring;
  if (isJudgeRequest(request)) return pace(judgementReply(request), { firstByteMs: PACE.judgementMs });
  // A new sentence every time, so the speech cache never answers for the provider.
  const text = `Thank you, that is noted as answer ${++asked}. Question ${questionNumberOf(request)}: how would you find out why a dashboard re-renders on every keystroke, and what would you change first?`;
  return pace({ kind: 'chat', content: text }, { firstByteMs: PACE.llmFirstTokenMs, tokensPerSecond: PACE.llmTokensPerSecond });
});
// About what a candidate says in a segment of a few seconds, so the report's transcript is as long as a real one.
const said =
  'I would profile first with the React profiler to see which components render on each keystroke and why, ' +
  'then move the search state down next to the input, memoise the expensive list, and debounce the query ' +
  'so the list only filters after a short pause instead of on every key.';
server.setResponder('transcriptions', () => pace({ kind: 'transcription', text: said }, { firstByteMs: PACE.sttMs }));
server.setResponder('speech', () => pace({ kind: 'speech' }, { firstByteMs: PACE.ttsFirstByteMs, bytesPerSecond: PACE.ttsBytesPerSecond }));
parentPort!.on('message', (message: ToProvider) => {
  if (message === 'close') void server.close().then(() => parentPort!.close());
  else paced = message.pace;
});
parentPort!.postMessage({ url: server.url });
