/**
 * Splits a `command:` / `entrypoint:` string into words the way docker/cli does (it uses google/shlex):
 * - words are separated by space, tab, CR and LF;
 * - `'...'` keeps everything literally; `"..."` keeps everything but lets `\` escape ANY next character
 *   (unlike POSIX shells, where only `$`, `` ` ``, `"`, `\` and newline are special);
 * - outside quotes `\` makes the next character literal;
 * - `#` starts a comment only at the start of a word; inside a word it is an ordinary character;
 * - quotes can join parts of one word (`a"b c"d` is one word `ab cd`), and `''` is an empty word;
 * - no variable expansion, globbing or operators: `$HOME`, `*`, `|`, `&&` stay as written.
 * An unclosed quote or a trailing lone `\` is an error, as it is for docker.
 */
export type ShellSplit = { ok: true; words: string[] } | { ok: false; error: 'unclosed-quote' | 'trailing-escape' };

type State = 'start' | 'word' | 'escape' | 'quoted-escape' | 'double' | 'single' | 'comment';

const SPACE = new Set([' ', '\t', '\r', '\n']);

/** Splits `input` into words with google/shlex rules (see the module comment). */
export function splitShellWords(input: string): ShellSplit {
  const words: string[] = [];
  let state: State = 'start';
  let word = '';
  for (const c of input) {
    switch (state) {
      case 'start':
        if (SPACE.has(c)) break;
        if (c === '#') state = 'comment';
        else if (c === '"') state = 'double';
        else if (c === "'") state = 'single';
        else if (c === '\\') state = 'escape';
        else {
          word = c;
          state = 'word';
        }
        break;
      case 'word':
        if (SPACE.has(c)) {
          words.push(word);
          word = '';
          state = 'start';
        } else if (c === '"') state = 'double';
        else if (c === "'") state = 'single';
        else if (c === '\\') state = 'escape';
        else word += c;
        break;
      case 'escape':
        word += c;
        state = 'word';
        break;
      case 'quoted-escape':
        word += c;
        state = 'double';
        break;
      case 'double':
        if (c === '"') state = 'word';
        else if (c === '\\') state = 'quoted-escape';
        else word += c;
        break;
      case 'single':
        if (c === "'") state = 'word';
        else word += c;
        break;
      case 'comment':
        // A comment runs to the end of the line; the next line starts fresh.
        if (c === '\n') state = 'start';
        break;
    }
  }
  switch (state) {
    case 'word':
      words.push(word);
      return { ok: true, words };
    case 'escape':
    case 'quoted-escape':
      return { ok: false, error: 'trailing-escape' };
    case 'double':
    case 'single':
      return { ok: false, error: 'unclosed-quote' };
    default:
      return { ok: true, words };
  }
}
