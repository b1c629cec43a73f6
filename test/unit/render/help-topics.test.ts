import { describe, expect, it } from 'vitest';
import { findHelpTopic, renderHelpTopic, renderTopicList, renderUnknownCommand } from '../../../src/render/help-topics.js';
import { raggedBreaks } from '../../helpers/help-layout.js';

describe('help topics', () => {
  it('environment names every variable stack reads and every exit code', () => {
    const text = findHelpTopic('environment')!.text;
    for (const name of ['DOCKER_HOST', 'DOCKER_CONTEXT', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH', 'DOCKER_CONFIG', 'SSH_AUTH_SOCK', 'NO_COLOR', 'FORCE_COLOR', 'DEBUG', 'STACK_COMPILE_CACHE']) {
      expect(text).toMatch(new RegExp(`^    ${name} `, 'm'));
    }
    for (const code of ['0', '1', '2', '130', '143', '129']) expect(text).toMatch(new RegExp(`^    ${code} +\\S`, 'm'));
  });

  it.each([40, 60, 80, 100, 200])('wraps to a terminal %i columns wide, under each entry\'s text column, losing no word', (width) => {
    const topic = findHelpTopic('environment')!;
    const text = renderHelpTopic(topic, width);
    expect(text.split('\n').filter((line) => line.length > width)).toEqual([]);
    expect(raggedBreaks(text, width)).toEqual([]);
    const words = (t: string): string[] => t.split(/\s+/).filter(Boolean);
    expect(words(text)).toEqual(words(topic.text));
    // Entries keep their table layout (names at 4, text at 25, continuation lines under the text) where the text
    // column leaves room; a narrower terminal gets a small hanging indent instead.
    if (width >= 60) expect(text).toMatch(/^    DOCKER_HOST {10}Manager endpoint/m);
    if (width >= 60 && width < 120) expect(text).toMatch(/^ {25}\S/m);
  });

  it('is printed as written where it fits', () => {
    const topic = findHelpTopic('environment')!;
    const widest = Math.max(...topic.text.split('\n').map((line) => line.length));
    expect(renderHelpTopic(topic, widest)).toBe(topic.text);
  });

  it('is found by its aliases, and lists itself for the root help', () => {
    expect(findHelpTopic('env')).toBe(findHelpTopic('environment'));
    expect(findHelpTopic('exit-codes')).toBe(findHelpTopic('environment'));
    expect(findHelpTopic('nope')).toBeUndefined();
    expect(renderTopicList('stack')).toBe('HELP TOPICS\n  stack help environment  Environment variables stack reads, and its exit codes.\n');
  });

  it('an unknown command names the nearest one when there is one', () => {
    expect(renderUnknownCommand('stack', 'deplyo', 'deploy', 'command')).toBe(
      'Error: "deplyo" is not a stack command\n  hint: did you mean "deploy"? run `stack help` for the list of commands\n',
    );
    expect(renderUnknownCommand('stack', 'zzz', undefined, 'command or help topic')).toBe(
      'Error: "zzz" is not a stack command or help topic\n  hint: run `stack help` for the list of commands\n',
    );
  });
});
