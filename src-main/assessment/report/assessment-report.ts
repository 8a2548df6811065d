import { describeRecommendation, overridesRecommendation } from '../../../shared/domain/ai-recommendation';
import { PDFDocument, StandardFonts, type PDFPage } from 'pdf-lib';
import { AI_SCORES_ARE_A_RECOMMENDATION, formatDuration, formatPercent, integrityFlagLabels } from '../../../shared/copy/review-words';
import { describeAiCost } from '../../../shared/domain/ai-cost';
import type {
  AssessmentView,
  Finding,
  InterviewReview,
  PassOutcome,
  QuestionRef,
  ScoringPass,
  TranscriptEntry,
} from '../../../shared/domain/assessment';
import { ACCENT, BAR_TRACK, CONTENT_WIDTH, decorate, MARGIN_X, MUTED, PageCursor, SMALL_SIZE, type Cell, type Fonts } from './page-layout';
import { toPdfText } from './pdf-text';

/**
 * The PDF a recruiter shares with a hiring manager: one interview's
 * assessment, then the full transcript. Built with pdf-lib's standard fonts
 * so nothing has to be bundled (see pdf-text.ts for what that costs).
 */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "26 Nov 2026, 09:30 UTC": UTC so the report reads the same wherever it is opened (the explanation pack's PDF too). */
export function formatDateTime(iso: string | null): string {
  if (!iso) return 'unknown';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}, ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())} UTC`;
}

function formatScore(score: number | null): string {
  return score === null ? 'not available' : `${Math.round(score)} / 100`;
}

function formatUsd(amount: number): string {
  // Four places for sub-dollar costs: a short interview costs cents or less.
  return `$${amount.toFixed(amount < 1 ? 4 : 2)} USD`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "Q3, Q7" in question order, each question once. */
function formatRefs(refs: QuestionRef[]): string {
  const numbers = [...new Set(refs.map((ref) => ref.number))].sort((a, b) => a - b);
  return numbers.map((n) => `Q${n}`).join(', ');
}

function passOutcome(assessment: AssessmentView, pass: ScoringPass): PassOutcome | undefined {
  return assessment.passes.find((outcome) => outcome.pass === pass);
}

/** "the integrity pass failed (model timed out)". */
function describePassOutcome(outcome: PassOutcome): string {
  const verb = outcome.status === 'skipped' ? 'was skipped' : 'failed';
  return `the ${outcome.pass} pass ${verb}${outcome.error ? ` (${outcome.error})` : ''}`;
}

function describeStatus(review: InterviewReview): string {
  const assessment = review.assessment;
  if (!assessment) return `Not yet scored: ${notScoredReason(review)}.`;
  const problems = assessment.passes.filter((outcome) => outcome.status !== 'succeeded').map(describePassOutcome);
  switch (assessment.status) {
    case 'complete':
      return 'Complete: every scoring pass succeeded.';
    case 'partial':
      return `Partial: ${problems.length > 0 ? problems.join('; ') : 'some scoring passes did not finish'}.`;
    case 'failed':
      return `Failed, no scores: ${problems.length > 0 ? problems.join('; ') : 'the technical pass failed'}.`;
  }
}

function notScoredReason(review: InterviewReview): string {
  switch (review.scoring.state) {
    case 'queued':
      return 'scoring is queued';
    case 'running':
      return 'scoring is running';
    case 'not_submitted':
      return review.interviewStatus === 'abandoned' ? 'the interview was abandoned before it was submitted' : 'the interview has not been submitted';
    case 'idle':
      return review.scoring.lastError ? `the last scoring attempt failed (${review.scoring.lastError})` : 'no assessment is stored';
  }
}

/** What to print for an empty section: why it is empty when its pass did not succeed, else plainly "none". */
function emptyNote(assessment: AssessmentView, pass: ScoringPass, what: string): string {
  const outcome = passOutcome(assessment, pass);
  if (outcome && outcome.status !== 'succeeded') return `Not available: ${describePassOutcome(outcome)}.`;
  return `No ${what} recorded.`;
}

// ---------------------------------------------------------------------------
// Sections, in the order the report reads

function writeSummary(cursor: PageCursor, review: InterviewReview): void {
  cursor.paragraph('Interview assessment', { font: cursor.fonts.bold, size: 20 });
  cursor.gap(8);
  cursor.field('Candidate', `${review.candidateName} <${review.candidateEmail}>`);
  cursor.field('Role', `${review.roleTitle} (${review.roleType})`);
  cursor.field('Started', formatDateTime(review.startedAt));
  cursor.field('Completed', review.completedAt ? formatDateTime(review.completedAt) : `not completed (${review.interviewStatus.replace('_', ' ')})`);
  cursor.field('Duration', formatDuration(review.durationSeconds, 'unknown'));
  cursor.field('Assessment', describeStatus(review));
  if (review.assessment) cursor.field('Scored', formatDateTime(review.assessment.generatedAt));
  cursor.gap(4);
  cursor.field('Overall score', formatScore(review.assessment?.overallScore ?? null));
  cursor.field('Integrity score', formatScore(review.assessment?.integrityScore ?? null));
  cursor.field('AI recommendation', review.aiRecommendation ? describeRecommendation(review.aiRecommendation) : 'none (no scores to recommend from)');
  cursor.gap(4);
  cursor.paragraph(AI_SCORES_ARE_A_RECOMMENDATION);
}

const BAR_X = 300;
const BAR_WIDTH = CONTENT_WIDTH - BAR_X;
const BAR_HEIGHT = 8;

function writeSkillScores(cursor: PageCursor, assessment: AssessmentView): void {
  cursor.heading('Skill scores');
  if (assessment.skillScores.length === 0) {
    cursor.paragraph(emptyNote(assessment, 'technical', 'skill scores'));
    return;
  }
  const bold = { font: cursor.fonts.bold };
  cursor.row([
    { text: 'Skill', x: 0, width: 220, style: bold },
    { text: 'Score', x: 230, width: 60, style: bold },
  ]);
  for (const skill of assessment.skillScores) {
    const { page, top, height } = cursor.row(
      [
        { text: skill.name, x: 0, width: 220 },
        { text: formatScore(skill.score), x: 230, width: 60 },
      ],
      BAR_HEIGHT + 6,
    );
    drawBar(page, top - height / 2, skill.score);
    if (skill.summary) cursor.paragraph(skill.summary, { size: SMALL_SIZE, color: MUTED, indent: 12 });
    if (skill.refs.length > 0) cursor.paragraph(`Evidence: ${formatRefs(skill.refs)}`, { size: SMALL_SIZE, color: MUTED, indent: 12 });
    cursor.gap(4);
  }
}

/** A horizontal bar, filled in proportion to a 0..100 score, centred on `middle`. */
function drawBar(page: PDFPage, middle: number, score: number): void {
  const y = middle - BAR_HEIGHT / 2;
  const filled = (Math.min(100, Math.max(0, score)) / 100) * BAR_WIDTH;
  page.drawRectangle({ x: MARGIN_X + BAR_X, y, width: BAR_WIDTH, height: BAR_HEIGHT, color: BAR_TRACK });
  if (filled > 0) page.drawRectangle({ x: MARGIN_X + BAR_X, y, width: filled, height: BAR_HEIGHT, color: ACCENT });
}

function writeSkillBoundaries(cursor: PageCursor, assessment: AssessmentView): void {
  cursor.heading('Skill boundaries (difficulty 1-5)');
  if (assessment.skillBoundaries.length === 0) {
    cursor.paragraph('No skill boundaries recorded.');
    return;
  }
  const bold = { font: cursor.fonts.bold };
  const columns = (skill: string, asked: string, passed: string, boundary: string, label: string): Cell[] => [
    { text: skill, x: 0, width: 160 },
    { text: asked, x: 165, width: 55 },
    { text: passed, x: 225, width: 85 },
    { text: boundary, x: 315, width: 80 },
    { text: label, x: 400, width: CONTENT_WIDTH - 400 },
  ];
  cursor.row(columns('Skill', 'Questions', 'Highest passed', 'Boundary', 'Engine label').map((cell) => ({ ...cell, style: bold })));
  for (const boundary of assessment.skillBoundaries) {
    cursor.row(
      columns(
        boundary.name,
        String(boundary.questionsAsked),
        boundary.highestPassed === 0 ? 'none' : String(boundary.highestPassed),
        boundary.boundary === null ? 'not pinned down' : String(boundary.boundary),
        boundary.label ? boundary.label.replace(/_/g, ' ') : '-',
      ),
    );
  }
}

function writeFindings(cursor: PageCursor, title: string, findings: Finding[], assessment: AssessmentView): void {
  cursor.heading(title);
  if (findings.length === 0) {
    cursor.paragraph(emptyNote(assessment, 'technical', title.toLowerCase()));
    return;
  }
  for (const finding of findings) {
    const refs = finding.refs.length > 0 ? ` (${formatRefs(finding.refs)})` : '';
    cursor.paragraph(`${finding.area}${refs}`, { font: cursor.fonts.bold });
    cursor.paragraph(finding.description, { indent: 12 });
    cursor.gap(4);
  }
}

function writeIntegrity(cursor: PageCursor, assessment: AssessmentView): void {
  cursor.heading('Integrity flags');
  if (assessment.integritySummary) {
    cursor.paragraph(assessment.integritySummary);
    cursor.gap(4);
  } else {
    // Measured flags are listed even then; only the model's reading is missing.
    const outcome = passOutcome(assessment, 'integrity');
    if (outcome && outcome.status !== 'succeeded') cursor.paragraph(`No integrity summary: ${describePassOutcome(outcome)}.`, { color: MUTED });
  }
  if (assessment.integrityFlags.length === 0) {
    cursor.paragraph('No integrity flags raised.');
    return;
  }
  for (const flag of assessment.integrityFlags) {
    const refs = flag.refs.length > 0 ? `, ${formatRefs(flag.refs)}` : '';
    cursor.paragraph(`${integrityFlagLabels[flag.type]}: ${flag.severity} severity, ${formatPercent(flag.confidence)} confidence${refs}`, {
      font: cursor.fonts.bold,
    });
    cursor.paragraph(flag.evidence, { indent: 12 });
    cursor.paragraph(flag.source === 'measured' ? 'Measured from timings and kiosk events.' : "From the AI's reading of the answers.", {
      indent: 12,
      size: SMALL_SIZE,
      color: MUTED,
    });
    cursor.gap(4);
  }
}

function writeReasoning(cursor: PageCursor, assessment: AssessmentView): void {
  cursor.heading("The AI's reasoning");
  if (assessment.reasoning.length === 0) {
    cursor.paragraph(emptyNote(assessment, 'reasoning', 'reasoning'));
    return;
  }
  for (const entry of assessment.reasoning) {
    const refs = entry.refs.length > 0 ? `, ${formatRefs(entry.refs)}` : '';
    cursor.paragraph(`${entry.title} (confidence ${formatPercent(entry.confidence)}${refs})`, { font: cursor.fonts.bold });
    cursor.paragraph(entry.explanation, { indent: 12 });
    cursor.gap(4);
  }
}

function writeRecommendations(cursor: PageCursor, assessment: AssessmentView): void {
  cursor.heading('Recommended actions');
  if (assessment.recommendations.length === 0) {
    cursor.paragraph(emptyNote(assessment, 'recommendations', 'recommendations'));
    return;
  }
  for (const recommendation of assessment.recommendations) {
    cursor.paragraph(`[${capitalise(recommendation.priority)} priority] ${recommendation.action}`, { font: cursor.fonts.bold });
    cursor.paragraph(recommendation.rationale, { indent: 12 });
    cursor.gap(4);
  }
}

function writeDecision(cursor: PageCursor, review: InterviewReview): void {
  cursor.heading('Decision');
  // Newest first, so the first one is the decision that stands.
  const latest = review.decisions[0];
  if (!latest) {
    cursor.paragraph('No decision recorded yet.');
    return;
  }
  cursor.paragraph(`${capitalise(latest.decision)}, by ${latest.decidedByName} on ${formatDateTime(latest.decidedAt)}`, { font: cursor.fonts.bold });
  if (latest.aiRecommendation && overridesRecommendation(latest.decision, latest.aiRecommendation)) {
    cursor.paragraph(`Overrode the AI’s recommendation (${latest.aiRecommendation}). Reason:`, { indent: 12 });
  }
  if (latest.note.trim()) cursor.paragraph(latest.note, { indent: 12 });
  if (review.decisions.length > 1) {
    cursor.paragraph(`${review.decisions.length - 1} earlier decision(s) replaced by this one.`, { size: SMALL_SIZE, color: MUTED, indent: 12 });
  }
}

function writeUsage(cursor: PageCursor, review: InterviewReview): void {
  cursor.heading('AI usage');
  cursor.field('Tokens used', review.totalTokensUsed.toLocaleString('en-US'));
  cursor.field('Cost', describeAiCost(review, formatUsd));
}

async function writeTranscript(cursor: PageCursor, transcript: TranscriptEntry[]): Promise<void> {
  cursor.heading('Transcript');
  if (transcript.length === 0) {
    cursor.paragraph('No questions were asked.');
    return;
  }
  for (const entry of transcript) {
    const { question, answer } = entry;
    const difficulty = question.difficulty === null ? '' : `, difficulty ${question.difficulty}`;
    cursor.paragraph(`Q${entry.number} [${question.phase}, ${question.skillName}${difficulty}]: ${question.text}`, { font: cursor.fonts.bold });
    if (question.firstAskedAs) cursor.paragraph(`Asked again in other words at the candidate's request; first asked as: ${question.firstAskedAs}`, { indent: 12 });
    cursor.paragraph(answer && answer.text.trim() ? `${answer.typed ? 'A (typed)' : 'A'}: ${answer.text}` : 'A: (no answer)', { indent: 12 });
    cursor.gap(6);
    // A long answer is a few milliseconds of layout: the transcript is most of the report's time.
    await letMainRun();
  }
}

/**
 * The report is built on main's event loop, which also carries every IPC
 * call and a running interview's audio. Laid out in one go, a 20-question
 * report held it for 0.2 to 0.5 s (bench/main-thread.bench.ts); pausing
 * between sections and transcript entries, and writing the file a few
 * objects at a time, lets waiting work run in between.
 */
export const letMainRun = () => new Promise<void>((resolve) => setImmediate(resolve));
/** pdf-lib's writer yields after this many objects (its default, 50, is a whole report here). */
export const OBJECTS_PER_TICK = 4;

// ---------------------------------------------------------------------------
// Entry points

/** Renders the review as an A4 PDF. Never throws on the review's text: see toPdfText. */
export async function renderAssessmentReport(review: InterviewReview, options: { generatedAt?: Date } = {}): Promise<Uint8Array> {
  const generatedAt = options.generatedAt ?? new Date();
  const doc = await PDFDocument.create();
  // The metadata is stored as UTF-16, so it keeps the name as written.
  doc.setTitle(`Interview assessment — ${review.candidateName}`);
  doc.setSubject(`${review.roleTitle} interview`);
  doc.setCreator('Teamified Kiosk');
  doc.setCreationDate(generatedAt);
  doc.setModificationDate(generatedAt);
  const fonts: Fonts = {
    regular: await doc.embedFont(StandardFonts.Helvetica),
    bold: await doc.embedFont(StandardFonts.HelveticaBold),
  };

  await letMainRun();
  const cursor = new PageCursor(doc, fonts);
  writeSummary(cursor, review);
  await letMainRun();
  const assessment = review.assessment;
  if (assessment) {
    writeSkillScores(cursor, assessment);
    await letMainRun();
    writeSkillBoundaries(cursor, assessment);
    await letMainRun();
    writeFindings(cursor, 'Strengths', assessment.strengths, assessment);
    writeFindings(cursor, 'Weaknesses', assessment.weaknesses, assessment);
    await letMainRun();
    writeIntegrity(cursor, assessment);
    writeReasoning(cursor, assessment);
    await letMainRun();
    writeRecommendations(cursor, assessment);
  }
  writeDecision(cursor, review);
  writeUsage(cursor, review);
  await letMainRun();
  await writeTranscript(cursor, review.transcript);
  decorate(doc, fonts, review.candidateName, formatDateTime(generatedAt.toISOString()));
  await letMainRun();
  return doc.save({ objectsPerTick: OBJECTS_PER_TICK });
}

/**
 * "assessment-casey-candidate-react-2026-11-26.pdf": lowercase ASCII letters,
 * digits and hyphens only, so it is a safe name on every file system and in
 * a mail attachment. The date is the interview's (completed, else started).
 * The explanation pack's files are named the same way, with their own prefix.
 */
export function reportFileName(review: Pick<InterviewReview, 'candidateName' | 'roleType' | 'completedAt' | 'startedAt'>, prefix = 'assessment', extension = 'pdf'): string {
  const date = (review.completedAt ?? review.startedAt ?? '').slice(0, 10);
  const parts = [slug(review.candidateName, 60) || 'candidate', slug(review.roleType, 20), /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : ''];
  return `${prefix}-${parts.filter((part) => part.length > 0).join('-')}.${extension}`;
}

/** Latin letters that have no plain-ASCII decomposition. */
const ASCII_LETTERS: Record<string, string> = { ß: 'ss', æ: 'ae', Æ: 'ae', ø: 'o', Ø: 'o', œ: 'oe', Œ: 'oe', þ: 'th', Þ: 'th', ð: 'd', Ð: 'd' };

function slug(text: string, maxLength: number): string {
  return toPdfText(text)
    .replace(/[ßæÆøØœŒþÞðÐ]/g, (letter) => ASCII_LETTERS[letter] ?? '')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, maxLength)
    .replace(/^-+|-+$/g, '');
}
