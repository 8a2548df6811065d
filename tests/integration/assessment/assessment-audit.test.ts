import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { scoringPasses } from '../../../shared/domain/assessment';
import { aiCallPayloadSchema, assessmentPayloadSchema } from '../../../shared/domain/audit';
import { verifyChains } from '../../../src-main/audit/chain';
import { AuditRepository } from '../../../src-main/repositories/audit-repository';
import { resourcesDir, strongPassword } from '../../support/test-app';
import { useFakeOpenAi } from '../providers/support';
import { createInterviewHarness, scriptAi, WINDOW, type InterviewHarness } from '../interview/support';
import { scoringChat, signInAdmin, STAFF_WINDOW, takeAndSubmitInterview, waitForScoring } from './support';

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

describe('the audit entry of a scoring run', () => {
  const fake = useFakeOpenAi();
  let h: InterviewHarness;
  afterEach(() => h?.close());

  it('records the question bank and prompt versions, the difficulty path, the boundaries and each pass’s output with its evidence', async () => {
    h = createInterviewHarness(fake.server);
    scriptAi(fake.server, { otherChat: scoringChat({}) });
    await signInAdmin(h);
    const interview = await takeAndSubmitInterview(h);
    const review = await waitForScoring(h, interview.id);
    h.app.services.ai.flushUsage();

    const trail = new AuditRepository(h.app.database, 'unused').listForInterview(interview.id);
    const assessments = trail.filter((entry) => entry.kind === 'assessment');
    expect(assessments).toHaveLength(1);
    const payload = assessmentPayloadSchema.parse(JSON.parse(assessments[0]!.payload));
    const assessment = review.assessment!;
    expect(payload).toMatchObject({ assessmentId: assessment.id, status: 'complete', roleType: 'react' });
    expect(payload.questionBank).toEqual({ version: 1, sha256: sha256(readFileSync(join(resourcesDir, 'roles', 'react.json'))) });
    expect(payload.templates.map((template) => template.id).sort()).toEqual(['scoring/v1/integrity', 'scoring/v1/reasoning', 'scoring/v1/recommendations', 'scoring/v1/skill']);
    expect(payload.difficultyPath.map((step) => [step.number, step.messageId, step.skillId])).toEqual(
      review.transcript.map((entry) => [entry.number, entry.question.messageId, entry.question.skillId]),
    );
    expect(payload.boundaries.map((boundary) => [boundary.skillId, boundary.boundary, boundary.label])).toEqual(
      assessment.skillBoundaries.map((boundary) => [boundary.skillId, boundary.boundary, boundary.label]),
    );
    expect(payload.passes.map((pass) => [pass.pass, pass.status])).toEqual(scoringPasses.map((pass) => [pass, 'succeeded']));
    const technical = payload.passes.find((pass) => pass.pass === 'technical')!;
    expect(technical.outputSha256).toMatch(/^[0-9a-f]{64}$/);
    const cited = new Set(assessment.skillScores.flatMap((skill) => skill.refs.map((ref) => ref.number)));
    expect(technical.evidence.map((ref) => ref.number)).toEqual([...cited].sort((a, b) => a - b));

    // Every call of the interview and its scoring is in the trail, each naming the template it was built from.
    const calls = trail.filter((entry) => entry.kind === 'ai_call').map((entry) => aiCallPayloadSchema.parse(JSON.parse(entry.payload)));
    const templates = new Set(calls.map((call) => call.template?.id ?? null));
    expect(templates).toContain('interview/v1/question');
    expect(templates).toContain('interview/v1/judge');
    expect(templates).toContain('scoring/v1/skill');
    expect(calls.filter((call) => call.purpose === 'scoring').every((call) => call.template !== null)).toBe(true);
    expect(verifyChains(new AuditRepository(h.app.database, 'unused').allForVerification()).every((verdict) => verdict.intact)).toBe(true);
  });

  it('shows recruiters and admins the trail and whether it verifies; viewers and candidates are refused', async () => {
    h = createInterviewHarness(fake.server);
    scriptAi(fake.server, { otherChat: scoringChat({}) });
    await signInAdmin(h);
    const interview = await takeAndSubmitInterview(h);
    await waitForScoring(h, interview.id);
    h.app.services.ai.flushUsage();

    const trail = await h.ok('audit.trail', { interviewId: interview.id }, STAFF_WINDOW);
    expect(trail.entries.length).toBe(new AuditRepository(h.app.database, 'unused').listForInterview(interview.id).length);
    expect(trail.entries.find((entry) => entry.kind === 'assessment')).toMatchObject({ payload: { status: 'complete' } });
    expect(trail.chains).toEqual([{ deviceId: trail.entries[0]!.deviceId, intact: true, detail: expect.stringMatching(/^chain intact: \d+ entries/) }]);

    await h.ok('staff.create', { email: 'vic@example.com', password: strongPassword, fullName: 'Vic Viewer', role: 'viewer' }, STAFF_WINDOW);
    await h.ok('auth.signIn', { accountKind: 'staff', email: 'vic@example.com', password: strongPassword }, 'viewer-1');
    expect(await h.call('audit.trail', { interviewId: interview.id }, 'viewer-1')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await h.call('audit.trail', { interviewId: interview.id }, WINDOW)).toMatchObject({ ok: false });

    // An entry changed in the file shows on the screen as a broken chain, naming where.
    const second = trail.entries[1]!;
    h.app.database.sqlite.prepare(`UPDATE audit_entries SET payload = '{"purpose":"forged"}' WHERE id = ?`).run(second.id);
    const after = await h.ok('audit.trail', { interviewId: interview.id }, STAFF_WINDOW);
    expect(after.chains[0]).toMatchObject({ intact: false, detail: expect.stringContaining(`chain BROKEN at sequence ${second.sequence} (payload_changed)`) });
  });
});
