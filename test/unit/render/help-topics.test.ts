import { describe, expect, it } from 'vitest';
import { findHelpTopic, renderTopicList, renderUnknownCommand } from '../../../src/render/help-topics.js';

describe('help topics', () => {
  it('environment names every variable stack reads and every exit code', () => {
    const text = findHelpTopic('environment')!.text;
    for (const name of ['DOCKER_HOST', 'DOCKER_CONTEXT', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH', 'DOCKER_CONFIG', 'SSH_AUTH_SOCK', 'NO_COLOR', 'FORCE_COLOR', 'DEBUG']) {
      expect(text).toMatch(new RegExp(`^    ${name} `, 'm'));
    }
    for (const code of ['0', '1', '2', '130', '143', '129']) expect(text).toMatch(new RegExp(`^    ${code} +\\S`, 'm'));
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
