import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SettingsError } from '../../../src-main/settings/errors';
import { FileSettingsBackend } from '../../../src-main/settings/file-settings-backend';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-backend-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('FileSettingsBackend', () => {
  it('reads a missing file as {}', () => {
    expect(new FileSettingsBackend(join(dir, 'absent', 'settings.json')).read()).toEqual({});
  });

  it('writes atomically: valid JSON, folder created, no temp files left, old content replaced whole', () => {
    const path = join(dir, 'a', 'b', 'settings.json');
    const backend = new FileSettingsBackend(path);
    backend.write({ mode: 'recruiter', provider: { interviewModel: 'x'.repeat(5000) } });
    backend.write({ mode: 'kiosk' });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ mode: 'kiosk' });
    expect(backend.read()).toEqual({ mode: 'kiosk' });
    expect(readdirSync(join(dir, 'a', 'b'))).toEqual(['settings.json']);
  });

  it('reports an unparsable file with its path and what to do, and leaves it alone', () => {
    const path = join(dir, 'settings.json');
    writeFileSync(path, '{"mode":');
    const backend = new FileSettingsBackend(path);
    let caught: unknown;
    try {
      backend.read();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SettingsError);
    expect((caught as SettingsError).code).toBe('user-file-invalid');
    expect((caught as SettingsError).message).toContain(path);
    expect((caught as SettingsError).message).toMatch(/delete it to reset/i);
    expect(readFileSync(path, 'utf8')).toBe('{"mode":');
  });

  it('reports a failed write with the path and leaves no temp file', () => {
    // A directory where the file should be makes the rename fail after the temp file was written.
    const target = join(dir, 'settings.json');
    mkdirSync(join(target, 'in-the-way'), { recursive: true });
    const backend = new FileSettingsBackend(target);
    expect(() => backend.write({ mode: 'kiosk' })).toThrow(SettingsError);
    expect(() => backend.write({ mode: 'kiosk' })).toThrow(`Settings could not be saved to ${target}`);
    expect(readdirSync(dir)).toEqual(['settings.json']);
  });
});
