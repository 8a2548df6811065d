import { afterEach, describe, expect, it } from 'vitest';
import { createDevice, deviceEndpoint } from '../../../src-main/sync/hosted-db/device-admin';
import { scoringChat, signInAdmin, takeAndSubmitInterview, waitForScoring } from '../assessment/support';
import { createInterviewHarness, scriptAi, type InterviewHarness } from '../interview/support';
import { useFakeOpenAi } from '../providers/support';
import { useTestPostgres } from '../../support/postgres';
import { enrolledDevice, hostedDatabase, localRow, type Device } from './hosted-support';

const postgres = useTestPostgres();
const fake = useFakeOpenAi();
let kiosk: InterviewHarness | undefined;
let laptop: Device | undefined;
afterEach(() => {
  kiosk?.close();
  laptop?.close();
});

describe('an interview taken at a kiosk, reviewed on a laptop', () => {
  it('every row of a scored interview syncs, and its recorded answer downloads when first played', async () => {
    const url = await hostedDatabase(() => postgres.current.createDatabase());
    kiosk = createInterviewHarness(fake.server);
    scriptAi(fake.server, { otherChat: scoringChat() });
    await signInAdmin(kiosk);
    const interview = await takeAndSubmitInterview(kiosk, 'casey@example.com');
    await waitForScoring(kiosk, interview.id);

    // IT enrols the kiosk after it already holds data: that data is pushed first, from seq 1.
    const enrolment = await createDevice(url, 'Centre kiosk', 'kiosk');
    kiosk.app.services.settings.update({ sync: { endpoint: deviceEndpoint(url, enrolment.roleName) } });
    await kiosk.app.services.secrets.set('sync-device-credential', enrolment.password);
    const pushed = await kiosk.app.services.sync.syncNow();
    expect(pushed).toMatchObject({ state: 'idle', pendingChanges: 0, pendingFiles: 0, rejected: 0 });

    laptop = await enrolledDevice(url, 'laptop');
    await laptop.app.services.sync.syncNow();
    const review = laptop.app.services.reviews.get(interview.id);
    expect(review.assessment?.overallScore).toBe(kiosk.app.services.reviews.get(interview.id).assessment?.overallScore);
    const answer = review.transcript[0]!.answer!;
    const path = String(localRow(laptop, 'interview_messages', answer.messageId)?.content_audio_url);

    // Not on the laptop until someone plays it; then byte for byte the kiosk's recording.
    const audio = await laptop.app.services.reviews.answerAudio(interview.id, answer.messageId);
    expect(Buffer.from(audio.base64, 'base64').equals(kiosk.readFile(path))).toBe(true);

    // Offline, another recording cannot be fetched: said in words, not as a storage fault.
    laptop.network.online = false;
    const other = review.transcript
      .map((entry) => entry.answer)
      .find((a) => a && String(localRow(laptop!, 'interview_messages', a.messageId)?.content_audio_url) !== path);
    expect(other).toBeDefined();
    await expect(laptop.app.services.reviews.answerAudio(interview.id, other!.messageId)).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringContaining('recorded on another device'),
    });
  });
});
