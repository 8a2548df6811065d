import { createElement as h } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { RESUME_MAX_BYTES, type ParsedResume } from '../../../shared/domain/resume';
import { numberOfTotal, progressText } from '../../../src-renderer/src/screens/interview/labels';
import { fileToBase64, formatFileSize, MAX_SIZE_LABEL, RESUME_ACCEPT, resumeFileProblem } from '../../../src-renderer/src/screens/resume/resume-file';
import { ResumeSummary } from '../../../src-renderer/src/screens/resume/ResumeSummary';
import { levelPercent, levelWord, rmsOf } from '../../../src-renderer/src/voice/level';

/**
 * What a candidate sees around the interview: the resume picker's quick
 * check and what was read from the resume, the microphone meter of the
 * equipment check, and the question counter.
 */

describe('the resume picker’s check', () => {
  it('takes PDF and Word files up to main’s limit, whatever the case of the extension', () => {
    expect(resumeFileProblem({ name: 'Casey CV.PDF', size: 120_000 })).toBeNull();
    expect(resumeFileProblem({ name: 'resume.docx', size: RESUME_MAX_BYTES })).toBeNull();
    expect(RESUME_ACCEPT.split(',')).toEqual(expect.arrayContaining(['.pdf', '.docx', 'application/pdf']));
  });

  it('refuses other types, empty files and files over the limit, saying what to do', () => {
    expect(resumeFileProblem({ name: 'resume.doc', size: 1000 })).toBe('Choose a PDF or Word (.docx) file. Other file types cannot be read.');
    expect(resumeFileProblem({ name: 'resume.pdf.exe', size: 1000 })).toMatch(/^Choose a PDF or Word/);
    expect(resumeFileProblem({ name: 'resume.pdf', size: 0 })).toBe('That file is empty. Choose your resume file.');
    expect(resumeFileProblem({ name: 'resume.pdf', size: RESUME_MAX_BYTES + 1 })).toBe(`That file is larger than ${MAX_SIZE_LABEL}. Choose a smaller file.`);
    expect(MAX_SIZE_LABEL).toBe('10 MB');
  });

  it('sends the file’s exact bytes, and shows its size in words', async () => {
    // Every byte value, and more than one of the encoder's chunks.
    const bytes = new Uint8Array(70_000).map((_, i) => (i * 7 + 3) % 256);
    const base64 = await fileToBase64(new Blob([bytes]));
    expect(Buffer.from(base64, 'base64').equals(Buffer.from(bytes))).toBe(true);
    expect(formatFileSize(900)).toBe('900 bytes');
    expect(formatFileSize(200 * 1024)).toBe('200 KB');
    expect(formatFileSize(2.5 * 1024 * 1024)).toBe('2.5 MB');
  });
});

describe('the microphone meter', () => {
  const tone = (amplitude: number) => Float32Array.from({ length: 4800 }, (_, i) => amplitude * Math.sin((2 * Math.PI * 440 * i) / 48_000));

  it('shows speech at a kiosk’s usual level as good, in decibels rather than a barely moving linear bar', () => {
    // -30 dBFS: a voice a metre from the microphone.
    const speech = levelPercent(rmsOf(tone(Math.SQRT2 * 10 ** (-30 / 20))));
    expect(speech).toBe(60);
    expect(levelWord(speech)).toBe('good');
  });

  it('reads silence, a whisper and shouting as such, and stays within 0 to 100', () => {
    expect(rmsOf(new Float32Array(0))).toBe(0);
    expect(levelPercent(rmsOf(new Float32Array(480)))).toBe(0);
    expect(levelWord(0)).toBe('silent');
    const whisper = levelPercent(rmsOf(tone(Math.SQRT2 * 10 ** (-50 / 20))));
    expect(whisper).toBe(20);
    expect(levelWord(whisper)).toBe('quiet');
    const shout = levelPercent(rmsOf(tone(1)));
    expect(shout).toBe(100);
    expect(levelWord(shout)).toBe('loud');
    expect(levelPercent(10 ** (-80 / 20))).toBe(0);
  });
});

describe('the question counter', () => {
  it('gives the range while the engine may still ask more, and the number once it is fixed', () => {
    expect(progressText(3, { minQuestions: 12, maxQuestions: 20 })).toBe('Question 3 of about 12–20');
    expect(numberOfTotal(12, { minQuestions: 12, maxQuestions: 12 })).toBe('12 of 12');
  });
});

describe('what was read from the resume', () => {
  const words = (parsed: ParsedResume) => renderToStaticMarkup(h(ResumeSummary, { parsed })).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

  it('shows the candidate what the interview will build on', () => {
    const text = words({
      summary: 'Front-end developer with five years of React.',
      yearsOfExperience: 5,
      skills: ['React', 'TypeScript', 'Testing Library'],
      education: [{ qualification: 'BSc Computer Science', institution: 'University of Sydney', year: 2019 }],
      previousRoles: [
        { title: 'Front-end developer', organisation: 'Acme', years: 1 },
        { title: 'Intern', organisation: 'Globex', years: null },
      ],
      technicalDomains: [{ domain: 'Web performance', level: 'advanced' }],
    });
    expect(text).toContain('Front-end developer with five years of React.');
    expect(text).toContain('Years of experience 5 years');
    expect(text).toContain('Skills React, TypeScript, Testing Library');
    expect(text).toContain('BSc Computer Science, University of Sydney (2019)');
    expect(text).toContain('Front-end developer, Acme (1 year)');
    expect(text).toMatch(/Intern, Globex(?! \()/);
    expect(text).toContain('Web performance: Advanced');
  });

  it('says plainly what the resume did not state', () => {
    const text = words({ summary: '', yearsOfExperience: null, skills: [], education: [], previousRoles: [], technicalDomains: [] });
    expect(text).toContain('Years of experience Not stated');
    expect(text.match(/None found/g)).toHaveLength(4);
  });
});
