import { PDFDocument, StandardFonts } from 'pdf-lib';
import { formatDuration, integrityFlagLabels } from '../../../shared/copy/review-words';
import type { ExplanationPack } from '../../../shared/domain/explanation-pack';
import { formatDateTime, letMainRun, OBJECTS_PER_TICK } from '../report/assessment-report';
import { decorate, MUTED, PageCursor, SMALL_SIZE, type Cell, type Fonts } from '../report/page-layout';

/**
 * The explanation pack as the PDF a candidate reads (issue 18, point 5),
 * drawn with the assessment report's page cursor and fonts. It says the
 * same as the pack's JSON, in the order a candidate asks: what happened,
 * what would have changed it, how each skill was scored and on what
 * evidence, who (AI or person) did what, then the whole transcript.
 */

const LABELS = { title: 'Your interview explained', footer: 'Personal — prepared for the candidate named above' };
/** Evidence is quoted up to this many characters; the full answer is in the transcript at the end. */
const QUOTE_MAX = 400;

export async function renderExplanationPdf(pack: ExplanationPack, recordingsNote: string): Promise<Uint8Array> {
  const generatedAt = new Date(pack.generatedAt);
  const doc = await PDFDocument.create();
  doc.setTitle(`${LABELS.title} — ${pack.candidate.name}`);
  doc.setSubject(`${pack.interview.roleTitle} interview`);
  doc.setCreator('Teamified Kiosk');
  doc.setCreationDate(generatedAt);
  doc.setModificationDate(generatedAt);
  const fonts: Fonts = { regular: await doc.embedFont(StandardFonts.Helvetica), bold: await doc.embedFont(StandardFonts.HelveticaBold) };
  const cursor = new PageCursor(doc, fonts);
  writeSummary(cursor, pack);
  writeOutcomeChanges(cursor, pack);
  await letMainRun();
  writeSkills(cursor, pack);
  await letMainRun();
  writeAiPart(cursor, pack);
  writePeoplePart(cursor, pack);
  writeIntegrity(cursor, pack);
  cursor.heading('Recordings of your answers');
  cursor.paragraph(recordingsNote);
  await letMainRun();
  writeTranscript(cursor, pack);
  decorate(doc, fonts, pack.candidate.name, formatDateTime(pack.generatedAt), LABELS);
  await letMainRun();
  return doc.save({ objectsPerTick: OBJECTS_PER_TICK });
}

function writeSummary(cursor: PageCursor, pack: ExplanationPack): void {
  cursor.paragraph(LABELS.title, { font: cursor.fonts.bold, size: 20 });
  cursor.gap(8);
  cursor.paragraph(
    'This pack explains the AI-led interview you took: what was asked and answered, how each skill was scored, which AI models did what, what people decided, and what would have changed the AI’s recommendation. You may ask for a human review, a correction or the deletion of your data.',
  );
  cursor.gap(6);
  cursor.field('Candidate', `${pack.candidate.name} <${pack.candidate.email}>`);
  cursor.field('Role', pack.interview.roleTitle);
  cursor.field('Interview', `${formatDateTime(pack.interview.startedAt)}, ${formatDuration(pack.interview.durationSeconds, 'duration unknown')}`);
  cursor.field('Overall score', pack.assessment?.overallScore == null ? 'not available' : `${pack.assessment.overallScore} / 100`);
  cursor.field('AI recommendation', pack.recommendation ? pack.recommendation.words : 'none (no scores to recommend from)');
  const latest = pack.peoplePart.decisions[0];
  cursor.field('Decision', latest ? `${latest.decision}, by ${latest.decidedBy} on ${formatDateTime(latest.decidedAt)}` : 'no decision recorded yet');
  cursor.field('Approved by', pack.approval ? `${pack.approval.approvedBy} on ${formatDateTime(pack.approval.approvedAt)}` : 'not yet approved (preview)');
}

function writeOutcomeChanges(cursor: PageCursor, pack: ExplanationPack): void {
  cursor.heading('What would most have changed the outcome');
  if (!pack.recommendation) {
    cursor.paragraph('There are no scores, so the AI made no recommendation.');
    return;
  }
  if (pack.whatWouldHaveChanged.length === 0) {
    cursor.paragraph('No change to a single skill’s score (within 0 to 100) would have changed the AI’s recommendation.');
    return;
  }
  cursor.paragraph('The skills that decided the recommendation: the smallest change to one skill’s score that would have moved the overall score across a band edge.', { color: MUTED });
  for (const change of pack.whatWouldHaveChanged) cursor.paragraph(`• ${change.sentence}`, { indent: 6 });
}

function writeSkills(cursor: PageCursor, pack: ExplanationPack): void {
  cursor.heading('Your skill scores, with the rubric and weights');
  if (pack.skills.length === 0) {
    cursor.paragraph('No skill scores are available.');
    return;
  }
  if (pack.assessment) cursor.paragraph(pack.assessment.method, { color: MUTED });
  cursor.gap(4);
  for (const skill of pack.skills) {
    const level = skill.highestLevelPassed === null ? '' : `, highest level answered well: ${skill.highestLevelPassed === 0 ? 'none' : `${skill.highestLevelPassed} of 5`}`;
    cursor.paragraph(`${skill.name}: ${skill.score} / 100 (weight ${skill.weight}${level})`, { font: cursor.fonts.bold });
    cursor.paragraph(`Rubric: ${skill.rubric}`, { indent: 12 });
    if (skill.summary) cursor.paragraph(`The AI’s summary: ${skill.summary}`, { indent: 12 });
    for (const quote of skill.evidence) {
      cursor.paragraph(`Evidence, Q${quote.number}: “${clip(quote.answer ?? '(no answer)')}”`, { indent: 12, size: SMALL_SIZE, color: MUTED });
    }
    cursor.gap(4);
  }
}

function writeAiPart(cursor: PageCursor, pack: ExplanationPack): void {
  cursor.heading('The part the AI played');
  for (const statement of pack.aiPart.statements) cursor.paragraph(`• ${statement}`, { indent: 6 });
  cursor.gap(4);
  if (pack.aiPart.models.length === 0) {
    cursor.paragraph('No AI calls are recorded in this interview’s audit trail.', { color: MUTED });
  } else {
    const bold = { font: cursor.fonts.bold };
    const columns = (task: string, model: string, prompt: string, calls: string): Cell[] => [
      { text: task, x: 0, width: 170 },
      { text: model, x: 175, width: 140 },
      { text: prompt, x: 320, width: 140 },
      { text: calls, x: 465, width: 30 },
    ];
    cursor.row(columns('Work', 'Model (snapshot)', 'Prompt (version)', 'Calls').map((cell) => ({ ...cell, style: bold })));
    for (const use of pack.aiPart.models) {
      const model = use.snapshot && use.snapshot !== use.model ? `${use.model} (${use.snapshot})` : use.model;
      const prompt = use.template ? `${use.template} (${use.templateVersion?.slice(0, 12) ?? '?'})` : '-';
      cursor.row(columns(use.task, model, prompt, String(use.calls)));
    }
  }
  for (const version of pack.aiPart.versions) cursor.paragraph(`${version.what}: ${version.version.slice(0, 12)}`, { size: SMALL_SIZE, color: MUTED });
}

function writePeoplePart(cursor: PageCursor, pack: ExplanationPack): void {
  cursor.heading('The part people played');
  for (const statement of pack.peoplePart.statements) cursor.paragraph(`• ${statement}`, { indent: 6 });
  cursor.gap(4);
  for (const proctor of pack.peoplePart.proctors) {
    const granted = proctor.accommodations.length > 0 ? `; accommodations granted: ${proctor.accommodations.join(', ').replace(/_/g, ' ')}` : '';
    cursor.paragraph(`${proctor.name} (proctor) opened your sitting on ${formatDateTime(proctor.openedAt)} and confirmed your identity${granted}.`);
  }
  if (pack.peoplePart.decisions.length === 0) cursor.paragraph('No decision has been recorded yet.');
  for (const decision of pack.peoplePart.decisions) {
    const override = decision.overrodeAi && decision.aiRecommendation ? `, differing from the AI’s recommendation (${decision.aiRecommendation})` : '';
    cursor.paragraph(`${decision.decidedBy} decided ${decision.decision} on ${formatDateTime(decision.decidedAt)}${override}.`);
    if (decision.reason.trim()) cursor.paragraph(`Reason: ${decision.reason}`, { indent: 12 });
  }
  if (pack.approval) cursor.paragraph(`${pack.approval.approvedBy} approved this pack on ${formatDateTime(pack.approval.approvedAt)}.`);
}

function writeIntegrity(cursor: PageCursor, pack: ExplanationPack): void {
  if (pack.integrityFlags.length === 0) return;
  cursor.heading('What was noted about the interview’s integrity');
  cursor.paragraph('These notes were shown to the recruiter. They did not change any score.', { color: MUTED });
  for (const flag of pack.integrityFlags) cursor.paragraph(`• ${integrityFlagLabels[flag.type]} (${flag.severity}): ${flag.evidence}`, { indent: 6 });
}

function writeTranscript(cursor: PageCursor, pack: ExplanationPack): void {
  cursor.heading('Transcript');
  if (pack.transcript.length === 0) cursor.paragraph('No questions were asked.');
  for (const entry of pack.transcript) {
    const difficulty = entry.difficulty === null ? '' : `, difficulty ${entry.difficulty}`;
    cursor.paragraph(`Q${entry.number} [${entry.skillName}${difficulty}]: ${entry.question}`, { font: cursor.fonts.bold });
    cursor.paragraph(entry.answer?.trim() ? `${entry.typed ? 'A (typed)' : 'A'}: ${entry.answer}` : 'A: (no answer)', { indent: 12 });
    cursor.gap(6);
  }
}

function clip(text: string): string {
  return text.length > QUOTE_MAX ? `${text.slice(0, QUOTE_MAX).trimEnd()}…` : text;
}
