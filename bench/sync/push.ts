/**
 * Push one complete interview: 10 questions and 10 answers written at a
 * kiosk through InterviewRepository as the turn pipeline writes them, each
 * answer a 20 s 16 kHz mono WAV in the content store; the clock runs over
 * syncNow() (files, then rows, then the pull that follows). Each interview
 * is checked on the server (every message, every file whole) before it counts.
 *
 *   knob: BENCH_PUSH_INTERVIEWS (5: interviews pushed one after another, one sample each)
 */
import { FILE_CHUNK_BYTES } from '../../src-main/sync/protocol';
import { percentile } from '../stats';
import { ANSWER_SECONDS, QUESTIONS, registerCandidate, writeInterview } from './device-writes';
import { asOwner, describeRun, knob, mib, ms, round, SessionTimer, timedSync, type Device, type SyncScenario } from './harness';

const PUSH_INTERVIEWS = knob('BENCH_PUSH_INTERVIEWS', 5, 1);

/** What the outbox holds for the next push, as JSON text (the push sends these rows as one jsonb array). */
function pendingPayloadBytes(device: Device): { rows: number; bytes: number } {
  return device.app.database.sqlite.prepare('SELECT count(*) AS rows, coalesce(sum(length(payload)), 0) AS bytes FROM sync_outbox WHERE pushed_at IS NULL').get() as {
    rows: number;
    bytes: number;
  };
}

export const pushScenario: SyncScenario = {
  name: 'push',
  heading: `Push one complete interview (${QUESTIONS} questions + ${QUESTIONS} answers, each answer a ${ANSWER_SECONDS} s 16 kHz mono WAV)`,
  async run(bench) {
    const url = await bench.hostedDatabase();
    const timer = new SessionTimer();
    const kiosk = await bench.enrolDevice(url, 'kiosk', 'bench kiosk');
    await timedSync(kiosk, 'the kiosk’s start-up run');
    kiosk.wrap = timer.wrap;
    const candidateId = await registerCandidate(kiosk, 'push.candidate@example.com', 'bench-push');
    await timedSync(kiosk, 'pushing the candidate');

    const samples: number[] = [];
    let uploadedFileBytes = 0;
    let pushedRowBytes = 0;
    let pushedRows = 0;
    for (let n = 1; n <= PUSH_INTERVIEWS; n++) {
      const written = await writeInterview(kiosk, candidateId);
      const outbox = pendingPayloadBytes(kiosk);
      const spent = await timedSync(kiosk, `pushing interview ${n}`, timer);
      samples.push(spent);
      const [server] = await asOwner<{ messages: number; files: number; file_bytes: string; status: string }>(
        url,
        `SELECT (SELECT count(*)::int FROM interview_messages WHERE interview_id = $1) AS messages,
                (SELECT status FROM interviews WHERE id = $1) AS status,
                (SELECT count(*)::int FROM sync.files WHERE hash = ANY ($2) AND complete) AS files,
                (SELECT coalesce(sum(size), 0)::text FROM sync.files WHERE hash = ANY ($2)) AS file_bytes`,
        [written.interviewId, written.hashes],
      );
      if (!server || server.messages !== QUESTIONS * 2 || server.files !== QUESTIONS || server.status !== 'completed' || Number(server.file_bytes) !== written.audioBytes) {
        throw new Error(`interview ${n} did not arrive whole: ${JSON.stringify(server)}`);
      }
      uploadedFileBytes = written.audioBytes;
      pushedRowBytes = outbox.bytes;
      pushedRows = outbox.rows;
      console.log(`  interview ${n}: ${ms(spent)} (${describeRun(timer, spent)})`);
    }
    console.log(
      `  per interview: ${QUESTIONS} files, ${mib(uploadedFileBytes)} of audio in ${Math.ceil(uploadedFileBytes / QUESTIONS / FILE_CHUNK_BYTES) * QUESTIONS} chunks; ` +
        `${pushedRows} row changes, ${(pushedRowBytes / 1024).toFixed(1)} KiB of row JSON in one push`,
    );
    console.log(`  p50 ${ms(percentile(samples, 50))}, p95 ${ms(percentile(samples, 95))} (${((uploadedFileBytes / 1024 / 1024) / (percentile(samples, 50) / 1000)).toFixed(1)} MiB/s at p50)`);

    return {
      push_interviews: PUSH_INTERVIEWS,
      push_interview_p50_ms: round(percentile(samples, 50)),
      push_interview_p95_ms: round(percentile(samples, 95)),
      push_interview_file_bytes: uploadedFileBytes,
      push_interview_row_json_bytes: pushedRowBytes,
      push_interview_row_changes: pushedRows,
    };
  },
};
