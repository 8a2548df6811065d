import type { Input, WebContents } from 'electron';
import type { AppMode } from '../../shared/domain/settings';

export type BlockedShortcut = 'reload' | 'devtools' | 'close' | 'print' | 'find' | 'zoom';

const ZOOM_KEYS = new Set(['+', '=', '-', '_', '0']);
const ZOOM_CODES = new Set(['Equal', 'Minus', 'Digit0', 'NumpadAdd', 'NumpadSubtract', 'Numpad0']);

/**
 * The keys that would reload the candidate's screen, open DevTools, close
 * the window, print, search the page or zoom it: Ctrl/Cmd+R,
 * Ctrl/Cmd+Shift+R, F5 (reload); F12, Ctrl+Shift+I/J/C, Cmd+Option+I/J/C
 * (DevTools); Ctrl/Cmd+W, Ctrl+F4 (close); Ctrl/Cmd+P (print); Ctrl/Cmd+F,
 * F3 (find); Ctrl/Cmd with +, =, - or 0, on the main keys or the keypad
 * (zoom). Letters are matched by their key and their physical position
 * (code), so a keyboard layout does not open a gap. The one exception is
 * the proctor's exit sequence, Ctrl+Alt+Shift+P
 * (src-renderer/src/screens/sitting/exit-sequence.ts), which must reach
 * the page: it only opens the PIN prompt.
 */
export function shortcutKind(input: Pick<Input, 'key' | 'code' | 'control' | 'meta' | 'alt' | 'shift'>): BlockedShortcut | null {
  const key = input.key.toLowerCase();
  const letter = (wanted: string) => key === wanted || input.code === `Key${wanted.toUpperCase()}`;
  const command = input.control || input.meta;
  if (input.control && input.alt && input.shift && !input.meta && letter('p')) return null;
  if (key === 'f5' || (command && letter('r'))) return 'reload';
  if (key === 'f12') return 'devtools';
  if (['i', 'j', 'c'].some(letter) && ((input.control && input.shift) || (input.meta && input.alt))) return 'devtools';
  if ((command && letter('w')) || (input.control && key === 'f4')) return 'close';
  if (command && letter('p')) return 'print';
  if ((command && letter('f')) || key === 'f3') return 'find';
  if (command && (ZOOM_KEYS.has(key) || ZOOM_CODES.has(input.code))) return 'zoom';
  return null;
}

export interface KioskShortcutOptions {
  /** Read at each key: an admin can switch the device's mode while the app runs. */
  mode(): AppMode;
  /** In development the DevTools keys keep working, even in kiosk mode. */
  devToolsAllowed: boolean;
  /** A blocked shortcut was pressed (once per press, not for each key repeat). */
  onBlocked(kind: BlockedShortcut): void;
}

/**
 * At a kiosk, the keys above do nothing. A packaged build has no menu that
 * would act on them anyway (dev-only.ts); this also keeps them from the
 * page, and notes each attempt for the recruiter (before-input-event:
 * preventDefault() stops the page's key events and menu shortcuts,
 * docs/api/web-contents.md).
 */
export function blockKioskShortcuts(contents: WebContents, options: KioskShortcutOptions): void {
  contents.on('before-input-event', (event, input) => {
    if (options.mode() !== 'kiosk') return;
    const kind = shortcutKind(input);
    if (!kind || (kind === 'devtools' && options.devToolsAllowed)) return;
    event.preventDefault();
    if (input.type === 'keyDown' && !input.isAutoRepeat) options.onBlocked(kind);
  });
}
