import { describe, expect, test } from 'vitest';
import { splitShellWords } from '../../../src/compose/shell-words.js';

describe('splitShellWords (google/shlex rules, as docker splits command strings)', () => {
  test.each([
    ['nginx -g "daemon off;"', ['nginx', '-g', 'daemon off;']],
    ['  spaced \t out\n words  ', ['spaced', 'out', 'words']],
    ["sh -c 'echo $HOME && ls *'", ['sh', '-c', 'echo $HOME && ls *']],
    ['a"b c"d', ['ab cd']],
    ["''", ['']],
    ['""', ['']],
    ['a "" b', ['a', '', 'b']],
    ['one\\ word', ['one word']],
    ['\\"quoted\\"', ['"quoted"']],
    // Inside double quotes a backslash escapes any character, not only the POSIX set.
    ['"a\\b\\"c"', ['ab"c']],
    ["'no \\escape'", ['no \\escape']],
    ['echo # a comment', ['echo']],
    ['echo a#b', ['echo', 'a#b']],
    ['first # comment\nsecond', ['first', 'second']],
    ['', []],
    ['   ', []],
    ['# only a comment', []],
    ['$VAR ${OTHER} | tee', ['$VAR', '${OTHER}', '|', 'tee']],
  ])('%j → %j', (input, words) => {
    expect(splitShellWords(input)).toEqual({ ok: true, words });
  });

  test.each([
    ['echo "open', 'unclosed-quote'],
    ["echo 'open", 'unclosed-quote'],
    ['echo trailing\\', 'trailing-escape'],
    ['"inside \\', 'trailing-escape'],
  ])('%j is an error (%s)', (input, error) => {
    expect(splitShellWords(input)).toEqual({ ok: false, error });
  });
});
