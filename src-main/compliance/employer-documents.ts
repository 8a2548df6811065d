import type { NoticeView } from '../../shared/domain/consent';
import { accommodationKinds, accommodationLabels } from '../../shared/domain/proctoring';
import type { AppSettings } from '../../shared/domain/settings';

/**
 * The documents an employer needs before deploying the product (issue 18,
 * point 7), written from this installation's own settings and versions so
 * they never describe another configuration: instructions for use (what
 * the system does, its limits, the people's part), the data it keeps and
 * for how long, and the notice candidates can be sent in advance.
 */

export interface RoleSummary {
  title: string;
  version: number;
  skills: readonly string[];
}

export interface EmployerDocumentInputs {
  appVersion: string;
  settings: AppSettings;
  /** The interview prompts' version stored with each interview (e.g. 'interview-v1'). */
  promptVersion: string;
  roles: readonly RoleSummary[];
  /** The current notice, as candidates are shown it. */
  notice: NoticeView;
  /** How long data is kept, in the words the notice uses. */
  retention: string;
  madeAt: string;
}

export interface EmployerDocument {
  /** A file name: instructions-for-use.md, … */
  name: string;
  text: string;
}

export function employerDocuments(inputs: EmployerDocumentInputs): EmployerDocument[] {
  return [
    { name: 'instructions-for-use.md', text: instructionsForUse(inputs) },
    { name: 'data-kept.md', text: dataKept(inputs) },
    { name: 'candidate-notice.md', text: candidateNotice(inputs) },
  ];
}

function made(inputs: EmployerDocumentInputs): string {
  return `Made ${inputs.madeAt} by Teamified Kiosk ${inputs.appVersion} from this installation's settings.`;
}

function instructionsForUse(inputs: EmployerDocumentInputs): string {
  const { settings } = inputs;
  const { provider, interview } = settings;
  const minutes = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  return [
    '# Instructions for use: Teamified Kiosk AI interviewer',
    '',
    made(inputs),
    '',
    '## What the system does',
    '',
    'It holds a spoken technical interview with a candidate at a kiosk. An AI interviewer asks questions about one role, one at a',
    'time, choosing each skill and difficulty from how the earlier answers were judged, until the candidate’s level in each skill is',
    'found or a limit is reached. The candidate answers out loud (or by typing, where a proctor granted it); the answers are',
    'transcribed, judged one by one, and, once the interview is submitted, scored per skill with the evidence quoted.',
    '',
    'Roles and their skills (role definitions, versioned):',
    '',
    ...inputs.roles.map((role) => `- ${role.title} (v${role.version}): ${role.skills.join(', ')}.`),
    '',
    'AI models in use (set by IT in the provider settings):',
    '',
    `- Questions and answer judgements: ${provider.interviewModel}, prompts ${inputs.promptVersion}.`,
    `- Scoring: ${provider.scoringModel}. Resume parsing and feedback: ${provider.resumeParsingModel}.`,
    `- Speech-to-text: ${provider.sttModel}${provider.liveTranscription ? `, live while the candidate speaks: ${provider.liveSttModel}` : ''}.`,
    `- Text-to-speech: ${provider.ttsModel}.`,
    '',
    'Interview settings in force:',
    '',
    `- Longest interview: ${interview.maxDurationMinutes} minutes; at most ${interview.maxStartsPerHour} interview starts an hour per candidate and per kiosk.`,
    `- An answer ends after ${minutes(interview.endOfTurnSilenceMs)} of silence at most (sooner when the words sound finished); the candidate can carry on if the interviewer spoke too soon.`,
    `- ${interview.requireProctorSitting ? 'A proctor identifies the candidate and opens their sitting before the interview can start.' : 'Candidates can start without a proctor (IT turned proctor sittings off).'}`,
    `- Accommodations a proctor can grant: ${accommodationKinds.map((kind) => accommodationLabels[kind].label.toLowerCase()).join('; ')}.`,
    '',
    '## Its limits',
    '',
    '- Speech-to-text makes mistakes, more often with strong accents, background noise and technical terms; the recruiter can listen to every answer.',
    '- The judgements and scores are a model’s reading of the transcript: they can be wrong, and are a recommendation only.',
    '- It analyses the words of the answers and their timing only. It does not analyse emotions, faces or voice traits (tone, accent, pitch), and no demographic field reaches a model.',
    '- Integrity signals (pauses, the window losing focus, pastes, prohibited programs, extra or mirrored displays) are shown to the recruiter and never change a score.',
    '- The kiosk’s lockdown goes as far as an app can; the operating system’s own kiosk set-up is IT’s (see the README).',
    '',
    '## The people’s part',
    '',
    '- A proctor identifies each candidate, grants accommodations and watches the sitting.',
    '- A named recruiter decides (advance, hold or reject), and can do so only after opening the assessment’s scores and its transcript (the app records the sections each person viewed). The AI’s scores, and the advance, hold or reject they point to, are labelled a recommendation; deciding otherwise needs a written reason. Nothing is decided automatically.',
    '- A candidate may decline the AI interview and ask for an interview with a person, with no penalty: staff see the request to follow up.',
    '',
  ].join('\n');
}

function dataKept(inputs: EmployerDocumentInputs): string {
  return [
    '# The data Teamified Kiosk keeps',
    '',
    made(inputs),
    '',
    '## What is kept',
    '',
    '| Data | Where |',
    '|---|---|',
    '| Candidate and staff accounts (name, email, password hash) | each device’s database, and the hosted database |',
    '| The candidate’s answer to the notice (version, its hash, the choice, time, device) | each device, and the hosted database |',
    '| Interview questions, answer recordings and transcripts | the kiosk, the hosted database, and laptops when someone opens them |',
    '| AI judgements, scores, evidence and reasoning; the model and prompt version of each question | each device, and the hosted database |',
    '| Integrity events with their evidence, proctor notes, sittings and accommodations | each device, and the hosted database |',
    '| Resumes, their parsed contents and the feedback sent | each device, and the hosted database |',
    '| Recruiters’ decisions | each device, and the hosted database |',
    '| The sections of an assessment each recruiter viewed | the device they viewed them on |',
    '| The configuration each interview ran under, signed by the kiosk | each device, and the hosted database |',
    '| The AI audit trail: each model call and scoring run (model and snapshot, prompt version, SHA-256 of what went in and out, tokens, outcome), never the content | each device, and the hosted database |',
    '',
    '## What is never collected',
    '',
    '- Video, photographs or face data; emotion or voice-trait analysis.',
    '- Demographic data in anything a model or a scorer sees.',
    '',
    '## How long it is kept',
    '',
    `Recordings, transcripts and assessments are ${inputs.retention}`,
    `Retention per kind on each device (setting retention.*Days, counted from the interview, from the upload for resumes): ${retentionLine(inputs.settings.retention)}.`,
    'A candidate (at the kiosk) or an administrator (on any device) can have a candidate erased: their recordings, transcript, resume, parsed data, assessment and identity are removed from that device at once, and from the hosted database and every other device at their next sync, each confirming on a receipt that holds no personal data.',
    `The AI audit trail is kept ${inputs.settings.audit.retentionDays} days (device setting audit.retentionDays, never less than six months), then removed from every device and the hosted database.`,
    '',
  ].join('\n');
}

function candidateNotice(inputs: EmployerDocumentInputs): string {
  const { notice } = inputs;
  return [
    `# ${notice.title}`,
    '',
    `Notice ${notice.version} (${notice.language}), SHA-256 ${notice.sha256}: the text every candidate reads and answers at the kiosk before anything is recorded. Send it to candidates in advance.`,
    '',
    ...notice.sections.flatMap((section) => [
      `## ${section.heading}`,
      '',
      // Paragraphs stand apart; list items run on.
      ...section.blocks.flatMap((block, index) => (block.kind === 'item' ? [`- ${block.text}`] : [...(index > 0 ? [''] : []), block.text, ''])),
      '',
    ]),
  ].join('\n');
}

/** IT's retention per kind in words: "recordings 30 days, transcripts kept until erased, …". */
function retentionLine(retention: AppSettings['retention']): string {
  const kinds: [string, number | null][] = [
    ['recordings', retention.recordingsDays],
    ['transcripts', retention.transcriptsDays],
    ['resumes', retention.resumesDays],
    ['assessments', retention.assessmentsDays],
  ];
  return kinds.map(([kind, days]) => `${kind} ${days === null ? 'kept until erased' : `${days} days`}`).join(', ');
}
