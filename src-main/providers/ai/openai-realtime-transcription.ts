import WebSocket from 'ws';
import type {
  ConversationItemInputAudioTranscriptionCompletedEvent,
  RealtimeClientEvent,
  RealtimeServerEvent,
} from 'openai/resources/realtime/realtime';
import { CallTrail } from './call-trail';
import { findNetworkError } from '../network/network-errors';
import { ProviderError } from './errors';
import type { Meter } from './metering';
import type { CallClient, OpenAiProviderDeps } from './openai-client';
import type { LiveDelta, LiveTranscriber, LiveTranscription, LiveTranscriptionRequest, Transcription } from './types';
import { pcm16LittleEndian, Upsampler16kTo24k } from './upsample';

/** A commit whose words have not arrived by then has failed; the caller's file upload takes over. */
export const DEFAULT_COMMIT_TIMEOUT_MS = 3000;
/** The Realtime API refuses to commit less than 100 ms (input_audio_buffer_commit_empty); a shorter tail is padded with silence. */
const MIN_COMMIT_SAMPLES_16K = 1650;
const INPUT_RATE = 16_000;

export interface RealtimeTranscriberOptions {
  commitTimeoutMs?: number;
}

/**
 * Live speech-to-text over OpenAI's Realtime transcription session (GA
 * interface, WebSocket `/realtime?intent=transcription`). `ws` directly
 * rather than the SDK's OpenAIRealtimeWS: the SDK always dials wss://, and
 * our loopback test server (and a local compatible server) speak plain ws://;
 * the SDK's event types still check every event we send and read.
 *
 * Turn detection is off: the kiosk's own voice detector decides where a
 * segment ends and commits it, so segments and transcripts line up one to one.
 */
export class OpenAiRealtimeTranscriber implements LiveTranscriber {
  constructor(
    private readonly deps: OpenAiProviderDeps,
    private readonly options: RealtimeTranscriberOptions = {},
  ) {}

  open(request: LiveTranscriptionRequest): LiveTranscription {
    return new RealtimeSession(this.deps, request, this.options.commitTimeoutMs ?? DEFAULT_COMMIT_TIMEOUT_MS);
  }
}

interface PendingCommit {
  index: number;
  samples: number;
  started: number;
  meter: Meter;
  resolve(transcription: Transcription): void;
  reject(error: unknown): void;
  timer: NodeJS.Timeout;
}

class RealtimeSession implements LiveTranscription {
  private socket: WebSocket | null = null;
  /** Events written before the socket opened, sent in order once it does. */
  private readonly outbox: string[] = [];
  private readonly upsampler = new Upsampler16kTo24k();
  private readonly listeners = new Set<(delta: LiveDelta) => void>();
  private samplesSinceCommit = 0;
  private commits = 0;
  /** Commits sent, waiting for `input_audio_buffer.committed` (the server acknowledges in order). */
  private readonly awaitingItem: PendingCommit[] = [];
  private readonly byItem = new Map<string, PendingCommit>();
  private readonly indexOfItem = new Map<string, number>();
  private readonly textOfItem = new Map<string, string>();
  private acknowledged = 0;
  private failure: unknown = null;
  private isClosed = false;
  private readonly model: string;
  /** The audio since the last commit, hashed as it is appended: the input of the call the next commit begins. */
  private pendingTrail = new CallTrail();

  constructor(
    private readonly deps: OpenAiProviderDeps,
    private readonly request: LiveTranscriptionRequest,
    private readonly commitTimeoutMs: number,
  ) {
    const settings = deps.settings();
    this.model = settings.liveSttModel;
    this.send({
      type: 'session.update',
      session: {
        type: 'transcription',
        audio: {
          input: {
            format: { type: 'audio/pcm', rate: 24000 },
            transcription: { model: this.model, ...(request.language ? { language: request.language } : {}) },
            turn_detection: null,
          },
        },
      },
    });
    request.signal?.addEventListener('abort', () => this.close(), { once: true });
    void this.connect(settings);
  }

  get closed(): boolean {
    return this.isClosed;
  }

  append(pcm16kMono: Int16Array): void {
    if (this.isClosed || pcm16kMono.length === 0) return;
    this.samplesSinceCommit += pcm16kMono.length;
    this.pendingTrail.addInput(new Uint8Array(pcm16kMono.buffer, pcm16kMono.byteOffset, pcm16kMono.byteLength));
    this.sendAudio(pcm16kMono);
  }

  clear(): void {
    if (this.isClosed) return;
    this.samplesSinceCommit = 0;
    this.pendingTrail = new CallTrail();
    this.send({ type: 'input_audio_buffer.clear' });
  }

  commit(): Promise<Transcription> {
    if (this.isClosed) return Promise.reject(this.failure ?? closedError());
    const samples = this.samplesSinceCommit;
    if (samples === 0) return Promise.resolve(this.transcription('', 0, performance.now()));
    if (samples < MIN_COMMIT_SAMPLES_16K) this.sendAudio(new Int16Array(MIN_COMMIT_SAMPLES_16K - samples));
    this.samplesSinceCommit = 0;
    const index = this.commits++;
    const meter = this.deps.metering.begin({ endpoint: 'transcription', task: 'interview', interviewId: this.request.interviewId, model: this.model }, this.pendingTrail);
    this.pendingTrail = new CallTrail();
    meter.trail.reported(null, 'live transcription events do not name the model snapshot that answered');
    return new Promise<Transcription>((resolve, reject) => {
      const pending: PendingCommit = {
        index,
        samples,
        started: performance.now(),
        meter,
        resolve,
        reject,
        timer: setTimeout(() => {
          const seconds = (this.commitTimeoutMs / 1000).toFixed(1);
          // The stream's later words would be out of step with its segments, so the whole session ends.
          this.fail(new ProviderError('timeout', 'transcription', `Live speech-to-text gave no transcript within ${seconds} s; the recording is transcribed from its file instead.`, { retryable: true }));
        }, this.commitTimeoutMs),
      };
      this.awaitingItem.push(pending);
      this.send({ type: 'input_audio_buffer.commit' });
    });
  }

  onDelta(listener: (delta: LiveDelta) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    if (this.isClosed) return;
    this.finish(closedError());
  }

  private async connect(settings: ReturnType<OpenAiProviderDeps['settings']>): Promise<void> {
    let call: Pick<CallClient, 'apiKey' | 'baseUrl' | 'network'>;
    try {
      call = await this.deps.clients.forCall('transcription', settings);
    } catch (error) {
      return this.fail(error);
    }
    if (this.isClosed) return;
    const url = realtimeUrl(call.baseUrl);
    const socket = new WebSocket(url, {
      headers: { Authorization: `Bearer ${call.apiKey}` },
      // Through the proxy and with the CA bundle in force, like every other call to the provider.
      ...(call.network ? { agent: call.network.agent(url) } : {}),
      perMessageDeflate: false,
      handshakeTimeout: this.commitTimeoutMs,
    });
    this.socket = socket;
    socket.on('open', () => {
      for (const data of this.outbox.splice(0)) socket.send(data);
    });
    socket.on('message', (data) => this.receive(data.toString()));
    socket.on('unexpected-response', (_request, response) => {
      response.resume();
      const status = response.statusCode ?? 0;
      this.fail(handshakeError(status, call.baseUrl));
      socket.terminate();
    });
    socket.on('error', (error) => {
      const refusal = findNetworkError(error);
      this.fail(
        refusal
          ? new ProviderError('network', 'transcription', `${refusal.message} Until then, recordings are transcribed from their files.`, { retryable: false })
          : new ProviderError('network', 'transcription', `Live speech-to-text could not reach ${new URL(call.baseUrl).host}; recordings are transcribed from their files instead.`, { retryable: true }),
      );
    });
    socket.on('close', () =>
      this.fail(new ProviderError('network', 'transcription', 'The live speech-to-text connection closed; recordings are transcribed from their files instead.', { retryable: true })),
    );
  }

  private receive(data: string): void {
    let event: RealtimeServerEvent;
    try {
      event = JSON.parse(data) as RealtimeServerEvent;
    } catch {
      return this.fail(new ProviderError('malformed_reply', 'transcription', 'Live speech-to-text sent something that is not JSON; recordings are transcribed from their files instead.', { retryable: true }));
    }
    switch (event.type) {
      case 'input_audio_buffer.committed': {
        const pending = this.awaitingItem.shift();
        this.acknowledged++;
        if (!pending) return;
        this.byItem.set(event.item_id, pending);
        this.indexOfItem.set(event.item_id, pending.index);
        return;
      }
      case 'conversation.item.input_audio_transcription.delta': {
        // A natively streaming model speaks before the commit that will own the words: they belong to the next acknowledgement.
        const commitIndex = this.indexOfItem.get(event.item_id) ?? this.acknowledged;
        const text = (this.textOfItem.get(event.item_id) ?? '') + (event.delta ?? '');
        this.textOfItem.set(event.item_id, text);
        for (const listener of this.listeners) listener({ commitIndex, text });
        return;
      }
      case 'conversation.item.input_audio_transcription.completed':
        return this.complete(event);
      case 'conversation.item.input_audio_transcription.failed': {
        const pending = this.byItem.get(event.item_id);
        if (!pending) return;
        this.byItem.delete(event.item_id);
        clearTimeout(pending.timer);
        const error = new ProviderError('server_error', 'transcription', 'Live speech-to-text could not transcribe this recording; it is transcribed from its file instead.', { retryable: true });
        pending.meter.fail(error);
        pending.reject(error);
        return;
      }
      case 'error': {
        // Our events are fixed by this file, so a refusal means a setting (the model) or the server is wrong; later words would be out of step.
        const code = event.error.code ?? event.error.type;
        return this.fail(
          new ProviderError(
            'bad_request',
            'transcription',
            `Live speech-to-text refused the session (${code}); recordings are transcribed from their files instead. Check "Live speech-to-text model" in device settings.`,
            { retryable: false },
          ),
        );
      }
      default:
        return;
    }
  }

  private complete(event: ConversationItemInputAudioTranscriptionCompletedEvent): void {
    const pending = this.byItem.get(event.item_id);
    if (!pending) return;
    this.byItem.delete(event.item_id);
    clearTimeout(pending.timer);
    const tally = pending.meter.tally;
    tally.audioSeconds = pending.samples / INPUT_RATE;
    if (event.usage?.type === 'tokens') {
      tally.promptTokens = event.usage.input_tokens;
      tally.completionTokens = event.usage.output_tokens;
    } else if (event.usage?.type === 'duration') tally.audioSeconds = event.usage.seconds;
    pending.meter.trail.addOutput(event.transcript);
    pending.meter.succeed();
    pending.resolve(this.transcription(event.transcript, pending.samples, pending.started));
  }

  private transcription(text: string, samples: number, started: number): Transcription {
    return {
      text: text.trim(),
      processingMs: Math.round(performance.now() - started),
      confidence: null,
      durationSeconds: samples / INPUT_RATE,
      model: this.model,
      language: this.request.language ?? null,
    };
  }

  private sendAudio(samples: Int16Array): void {
    const upsampled = this.upsampler.push(samples);
    if (upsampled.length > 0) this.send({ type: 'input_audio_buffer.append', audio: pcm16LittleEndian(upsampled).toString('base64') });
  }

  private send(event: RealtimeClientEvent): void {
    if (this.isClosed) return;
    const data = JSON.stringify(event);
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(data);
    else this.outbox.push(data);
  }

  private fail(error: unknown): void {
    if (this.isClosed) return;
    this.deps.logger.warn('live transcription failed', { interviewId: this.request.interviewId, error });
    this.finish(error);
  }

  /** Ends the session once: pending commits reject with `error`, and the socket closes. */
  private finish(error: unknown): void {
    this.isClosed = true;
    this.failure = error;
    this.outbox.length = 0;
    const pending = [...this.awaitingItem.splice(0), ...this.byItem.values()];
    this.byItem.clear();
    for (const commit of pending) {
      clearTimeout(commit.timer);
      commit.meter.fail(error);
      commit.reject(error);
    }
    this.listeners.clear();
    const socket = this.socket;
    if (socket && socket.readyState !== WebSocket.CLOSED) {
      if (socket.readyState === WebSocket.OPEN) socket.close(1000, 'OK');
      else socket.terminate();
    }
  }
}

/** The provider's /v1 address as a Realtime WebSocket URL: https → wss (http only for loopback, which the client factory enforces). */
export function realtimeUrl(baseUrl: string): string {
  const url = new URL(baseUrl);
  url.protocol = url.protocol === 'http:' ? 'ws:' : 'wss:';
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/realtime`;
  url.search = '';
  url.searchParams.set('intent', 'transcription');
  return url.toString();
}

function handshakeError(status: number, baseUrl: string): ProviderError {
  const host = new URL(baseUrl).host;
  if (status === 401 || status === 403) {
    return new ProviderError('unauthorized', 'transcription', `${host} refused the OpenAI API key for live speech-to-text (HTTP ${status}). An administrator must check the key in device settings.`, {
      retryable: false,
      status,
    });
  }
  return new ProviderError(status >= 500 ? 'server_error' : 'bad_request', 'transcription', `${host} did not open a live speech-to-text session (HTTP ${status}); recordings are transcribed from their files instead.`, {
    retryable: status >= 500,
    status,
  });
}

function closedError(): Error {
  return new DOMException('The live transcription was closed.', 'AbortError');
}
