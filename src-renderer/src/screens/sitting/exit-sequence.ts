/**
 * The proctor's exit sequence, Ctrl+Alt+Shift+P: the way back to a sitting's
 * controls once the kiosk is the candidate's. Four keys at once, so nobody
 * presses it by accident, and no browser or OS shortcut of its own.
 */
export const EXIT_SEQUENCE_LABEL = 'Ctrl+Alt+Shift+P';

export type KeyPress = Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'altKey' | 'shiftKey' | 'metaKey' | 'repeat'>;

/**
 * Matched by the key's physical place (`code`) as well as its character:
 * with Alt and Shift held, many layouts type something other than "P"
 * (macOS's Option+Shift+P is "∏"), and some layouts put P elsewhere.
 * A held-down key repeating is one press, not many.
 */
export function isExitSequence(press: KeyPress): boolean {
  if (press.repeat || !press.ctrlKey || !press.altKey || !press.shiftKey || press.metaKey) return false;
  return press.code === 'KeyP' || press.key.toLowerCase() === 'p';
}
