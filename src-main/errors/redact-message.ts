import { redactString } from '../logging/redact';

/** The longest message kept: a message says what went wrong, not what it was working on. */
export const MAX_MESSAGE_CHARS = 200;
/** What is kept of a message that may carry what the code was working on. */
export const MESSAGE_REMOVED = '[message removed]';

/*
 * An error's message is the program's words with data dropped into them:
 * JSON.parse quotes the text it could not read, a TypeError quotes the
 * property, Node names the file it could not open, and a message of our
 * own may name the person or the answer it was handling. Which words are
 * data cannot be known, so a message is kept by allow-list, not by
 * block-list: the parts of known shapes (quoted text, addresses, numbers,
 * paths) become placeholders, and what is left is kept only where it reads
 * as the program's own phrase. What follows ": " is where code puts the
 * data it was handling ("Could not parse answer: <the answer>"), so it is
 * kept only when it is one of Node's own phrases or a code; a phrase with
 * a capitalised word inside it (a name: "No interview for Grace Okafor")
 * or too many words to be a code's message is removed whole.
 */
const QUOTED = [/"[^"]*"?/g, /'[^']*'?/g, /`[^`]*`?/g, /“[^”]*”?/g, /‘[^’]*’?/g, /«[^»]*»?/g];
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
const NUMBER = /\d+(?:[.,:/-]\d+)*/g;
const URL = /\b[a-z][a-z0-9+.-]*:\/\/\S+/gi;
/** What is left of an address the e-mail pattern did not take (no domain, a mailto:): anything with an @ in it. */
const AT_TOKEN = /\S*@\S+/g;
/** An address spelled out so filters miss it: "grace at example dot org". */
const SPELLED_EMAIL = /\S+\s+(?:at|\(at\)|\[at\])\s+\S+\s+(?:dot|\(dot\)|\[dot\])\s+\S+/gi;
/** A token with a folder separator in it, or a drive letter: a path, whose folders may name the user (C:\Users\grace.okafor\…). */
const PATH_TOKEN = /^(?:[A-Za-z]:)?[^\s]*[\\/][^\s]*$/;
/** A document, recording or data file's name may be the person's ("Grace_Okafor_resume.pdf"): only its kind is kept. */
const FILE_NAME = /^[^\s\\/]+\.(pdf|docx?|rtf|odt|txt|md|csv|json|jsonl|xml|html?|wav|webm|mp3|ogg|m4a|png|jpe?g|gif|zip|log|sqlite)$/i;
/** The app's own files, and source files: their names are the program's, worth keeping. */
const OWN_FILE = /^(?:kiosk\.sqlite(?:-wal|-shm|-journal)?|settings\.json|machine-settings\.json|errors(?:\.\d)?\.jsonl|(?:kiosk|core|main)\.log|[\w.-]+\.(?:js|mjs|cjs|ts|tsx|node))$/;
/** One of Node's system-error phrases after its code: "no such file or directory, open [path]". */
const NODE_PHRASE = /^[a-z][a-z ]{2,60}, [a-z_]{2,20}(?: \[[a-z]+\](?:\/[\w.-]+)?(?: -> \[[a-z]+\](?:\/[\w.-]+)?)?)?$/;
/**
 * A code or identifier standing alone: ENOENT, SQLITE_BUSY, TypeError,
 * maxTokens, a placeholder. A plain word ("grace"), a capitalised one
 * ("Grace") or a dotted pair ("grace.okafor") may be a person's, so it is not one.
 */
const CODE = /^(?:[A-Z][A-Z0-9_]{1,40}|[a-z]+[A-Z][A-Za-z0-9]*|[A-Z][a-z0-9]+[A-Z][A-Za-z0-9]*|\[[a-z]+\](?:\/[\w.-]+)?|#)$/;
/** The code a library puts before its own description: ENOENT, SQLITE_BUSY, ERR_INVALID_URL. */
const LIBRARY_CODE = /^[A-Z][A-Z0-9]*_?[A-Z0-9_]{2,40}$/;
/** A capitalised word: at a phrase's start it is grammar, inside it a name. Letters of any script. */
const CAPITALISED = /^\p{Lu}\p{Ll}+$/u;
const MAX_PHRASE_WORDS = 16;

/** An error's message with no content of the person's left in it: the program's words, or MESSAGE_REMOVED. */
export function redactErrorMessage(message: string): string {
  let text = redactString(message).replace(URL, '[url]').replace(AT_TOKEN, '[email]').replace(SPELLED_EMAIL, '[email]');
  for (const pattern of QUOTED) text = text.replace(pattern, '[text]');
  text = reducePaths(text.replace(UUID, '[id]')).replace(NUMBER, '#');
  text = text.replace(/\s+/g, ' ').trim();
  const [head, ...rest] = text.split(': ');
  if (!head || !isProgramPhrase(head)) return MESSAGE_REMOVED;
  // After a library's error code (SQLITE_BUSY, ENOENT) comes that library's own description, not data.
  const coded = LIBRARY_CODE.test(head);
  const kept = [head, ...rest.map((part, index) => (CODE.test(part) || NODE_PHRASE.test(part) || (coded && index === 0 && isProgramPhrase(part) && part === part.toLowerCase()) ? part : '[text]'))].join(': ');
  return kept.length <= MAX_MESSAGE_CHARS ? kept : `${kept.slice(0, MAX_MESSAGE_CHARS - 1)}…`;
}

/** Paths become [path] (with the file's name when it is the app's own), other files' names their kind: [file].pdf. */
function reducePaths(text: string): string {
  const tokens = text.split(/(\s+)/).map((token) => {
    if (token.startsWith('[') || /^\s*$/.test(token)) return token;
    const [, core = token, trail = ''] = /^(.*?)([.,;:)]*)$/.exec(token) ?? [];
    if (PATH_TOKEN.test(core)) {
      const name = core.split(/[\\/]/).pop() ?? '';
      return `[path]${OWN_FILE.test(name) ? `/${name}` : ''}${trail}`;
    }
    const file = FILE_NAME.exec(core);
    if (file && !OWN_FILE.test(core)) return `[file].${file[1]!.toLowerCase()}${trail}`;
    return token;
  });
  // A path with spaces in it ("…\Teamified Kiosk\kiosk.sqlite") is several tokens: one placeholder says it.
  return tokens.join('').replace(/(?:\[path\](?:\/[\w.-]+)?\s+)+(?=\[path\])/g, '');
}

/**
 * Words that read as the program's own: at most a few (an error's message
 * is short; a log line's may say more), and no capitalised
 * word but the first of a sentence. Identifiers (TypeError, JSON, ENOENT)
 * have capitals inside them or are all capitals, so they pass.
 */
export function isProgramPhrase(phrase: string, maxWords = MAX_PHRASE_WORDS): boolean {
  const words = phrase.replace(/\[[a-z]+\]/g, ' ').split(/[^\p{L}]+/u).filter(Boolean);
  if (words.length > maxWords) return false;
  const sentences = phrase.split(/[.;!?]\s+/);
  return sentences.every((sentence) => {
    const inner = sentence.split(/[^\p{L}\[\]]+/u).filter(Boolean).slice(1);
    return !inner.some((word) => CAPITALISED.test(word));
  });
}
