import { describe, expect, it } from 'vitest';
import { raggedBreaks } from '../../helpers/help-layout.js';

describe('raggedBreaks (the help layout check)', () => {
  it('finds a hard newline inside a paragraph that oclif wrapped again (the old `services --help`)', () => {
    const text = [
      'DESCRIPTION',
      '  List the services of a stack.',
      '',
      '  Like `docker stack services`: ID, name, mode, running/desired replicas, image',
      '  (without digest) and',
      '  published ports, sorted by name. For a stack without services it says "Nothing',
      '  found in stack" on stderr and',
      '  exits 0, as docker does.',
    ].join('\n');
    expect(raggedBreaks(text, 80)).toEqual([
      { line: '  (without digest) and', next: '  published ports, sorted by name. For a stack without services it says "Nothing' },
      { line: '  found in stack" on stderr and', next: '  exits 0, as docker does.' },
    ]);
  });

  it('accepts greedy wrapping: each break comes where the next word would not fit', () => {
    const text = '  Like `docker stack services`: ID, name, mode, running/desired replicas, image\n  (without digest) and published ports.';
    expect(raggedBreaks(text, 80)).toEqual([]);
    // The same two lines at 120 columns: "(without" would have fitted.
    expect(raggedBreaks(text, 120)).toHaveLength(1);
  });

  it('does not count a new item as a continuation: flag rows, list items, examples, table rows, other indentation', () => {
    const text = [
      '  -q, --quiet           Only print IDs.',
      '      --format=<value>  Format output.',
      '                        <options: a|b>',
      '  - one item',
      '  - another',
      '  $ stack ls',
      '  $ stack ps x',
      '  deploy    Deploy a stack.',
      '  diff      Show a plan.',
      '  CI run ids  The commit.',
      'HEADING',
      '  text under it',
    ].join('\n');
    expect(raggedBreaks(text, 80)).toEqual([]);
  });
});
