import type { AuditEntryView } from '../../../../../shared/domain/audit';

/*
 * One audit entry in plain words for a recruiter: what the AI did, with
 * which model, from which prompt version, and how it went. The entry's
 * payload is read defensively: an entry another version of the app wrote,
 * or one that was tampered with, still shows as something.
 */

const byTemplate: Record<string, string> = {
  'interview/question': 'Wrote the next question',
  'interview/judge': 'Judged an answer',
  'interview/reask': 'Put a question another way',
  'scoring/skill': 'Scored one skill',
  'scoring/integrity': 'Reviewed the answers for integrity concerns',
  'scoring/reasoning': 'Explained a score',
  'scoring/recommendations': 'Suggested next steps',
  'resume/parse': 'Read a resume',
  'resume/feedback': 'Wrote resume feedback',
};

const byEndpoint: Record<string, string> = {
  speech: 'Spoke a question aloud',
  transcription: 'Transcribed an answer',
  chat: 'Answered a request',
};

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const count = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

function template(payload: Record<string, unknown>): { id: string; version: string } | null {
  const value = payload['template'];
  if (value === null || typeof value !== 'object') return null;
  const { id, version } = value as Record<string, unknown>;
  return typeof id === 'string' && typeof version === 'string' ? { id, version } : null;
}

export interface AuditEntryWords {
  what: string;
  model: string;
  template: string;
  usage: string;
  outcome: string;
}

export function auditEntryWords(entry: AuditEntryView): AuditEntryWords {
  const payload = entry.payload;
  if (entry.kind === 'assessment') {
    const passes = Array.isArray(payload['passes']) ? (payload['passes'] as Array<Record<string, unknown>>) : [];
    const done = passes.filter((pass) => pass['status'] === 'succeeded').length;
    const bank = payload['questionBank'] as Record<string, unknown> | undefined;
    return {
      what: `Finished scoring: ${done} of ${passes.length} passes produced output`,
      model: '—',
      template: bank && typeof bank['sha256'] === 'string' ? `Question bank v${String(bank['version'])} (${bank['sha256'].slice(0, 12)})` : '—',
      usage: '—',
      outcome: text(payload['status']) ?? 'unknown',
    };
  }
  if (entry.kind === 'retention_prune') {
    return { what: `Removed ${count(payload['removed']) ?? 'some'} older entries under the retention setting`, model: '—', template: '—', usage: '—', outcome: 'ok' };
  }
  if (entry.kind !== 'ai_call') return { what: `An entry of kind ${entry.kind}`, model: '—', template: '—', usage: '—', outcome: 'unknown' };
  const ref = template(payload);
  const family = ref ? ref.id.replace(/\/v\d+\//, '/') : null;
  const model = text(payload['model']) ?? 'unknown model';
  const snapshot = text(payload['snapshot']);
  const prompt = count(payload['promptTokens']);
  const completion = count(payload['completionTokens']);
  const seconds = count(payload['audioSeconds']);
  const characters = count(payload['characters']);
  const usage =
    prompt || completion
      ? `${prompt ?? 0} in, ${completion ?? 0} out tokens`
      : seconds !== null
        ? `${seconds.toFixed(1)} s of audio`
        : characters !== null
          ? `${characters} characters`
          : '—';
  const error = text(payload['errorKind']);
  return {
    what: (family && byTemplate[family]) ?? byEndpoint[text(payload['endpoint']) ?? ''] ?? 'Called the AI',
    model: snapshot && snapshot !== model ? `${model} (snapshot ${snapshot})` : snapshot ? model : `${model} (no snapshot reported)`,
    template: ref ? `${ref.id}, version ${ref.version.slice(0, 12)}` : 'none',
    usage,
    outcome: payload['outcome'] === 'ok' ? 'ok' : error ? `failed: ${error}` : 'failed',
  };
}
