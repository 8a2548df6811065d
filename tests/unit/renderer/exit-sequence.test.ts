import { describe, expect, it } from 'vitest';
import { isExitSequence, type KeyPress } from '../../../src-renderer/src/screens/sitting/exit-sequence';

const press = (patch: Partial<KeyPress>): KeyPress => ({ key: 'P', code: 'KeyP', ctrlKey: true, altKey: true, shiftKey: true, metaKey: false, repeat: false, ...patch });

/** The proctor's way back to a sitting (issue 17): Ctrl+Alt+Shift+P, and nothing a candidate presses by chance. */
describe('the exit sequence', () => {
  it('is Ctrl+Alt+Shift+P, by the key or by where P sits on the keyboard', () => {
    expect(isExitSequence(press({}))).toBe(true);
    expect(isExitSequence(press({ key: 'p' }))).toBe(true);
    // Option+Shift+P types "∏" on a Mac layout; the key's place is still P.
    expect(isExitSequence(press({ key: '∏' }))).toBe(true);
    // A layout with P elsewhere: the character decides.
    expect(isExitSequence(press({ code: 'KeyR', key: 'P' }))).toBe(true);
  });

  it('needs all three modifiers and no Meta, so print (Ctrl+P) and similar shortcuts are not it', () => {
    expect(isExitSequence(press({ ctrlKey: false }))).toBe(false);
    expect(isExitSequence(press({ altKey: false }))).toBe(false);
    expect(isExitSequence(press({ shiftKey: false }))).toBe(false);
    expect(isExitSequence(press({ metaKey: true }))).toBe(false);
    expect(isExitSequence(press({ key: 'o', code: 'KeyO' }))).toBe(false);
  });

  it('counts a key held down once, not at every repeat', () => {
    expect(isExitSequence(press({ repeat: true }))).toBe(false);
  });
});
