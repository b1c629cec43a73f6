import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../src/commands/index.js';
import { runCli } from '../../helpers/cli.js';
import { raggedBreaks } from '../../helpers/help-layout.js';

/*
 * `--help` of every command (the built CLI, as a user runs it) wraps its paragraphs only where the terminal ends:
 * oclif wraps each paragraph to the terminal width, so a hard newline inside a paragraph of a description shows as a
 * short line in mid-paragraph. Checked at several widths, since text hard-wrapped near one width is ragged at others.
 */

const WIDTHS = [80, 120, 60];

const commands = Object.entries(COMMANDS)
  .filter(([, command]) => !command.hidden)
  .map(([id]) => id);

function help(args: string[], width: number): string {
  const run = runCli(args, { env: { OCLIF_COLUMNS: String(width) } });
  expect(run.code, run.stderr).toBe(0);
  return run.stdout;
}

describe('help text: paragraphs are wrapped to the terminal, not in the source', () => {
  it.each(commands)('stack %s --help', (id) => {
    for (const width of WIDTHS) {
      const text = help([id, '--help'], width);
      expect(text).toContain('DESCRIPTION\n');
      expect(raggedBreaks(text, width), `at ${width} columns:\n${text}`).toEqual([]);
    }
  });

  it('stack --help, and the help topic wrapped to the terminal too', () => {
    for (const width of WIDTHS) {
      expect(raggedBreaks(help(['--help'], width), width)).toEqual([]);
      const topic = help(['help', 'environment'], width);
      expect(raggedBreaks(topic, width)).toEqual([]);
      expect(topic.split('\n').filter((line) => line.length > width)).toEqual([]);
    }
  });
});
