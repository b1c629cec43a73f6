import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../src/commands/index.js';
import { runCli } from '../../helpers/cli.js';

// docker's stack command aliases (`docker stack up`, `down`, `remove`, `list`) name the same commands here.
const DOCKER_ALIASES: Record<string, string[]> = { deploy: ['up'], rm: ['remove', 'down'], ls: ['list'] };

describe("docker's command aliases", () => {
  it.each(Object.entries(DOCKER_ALIASES))('%s answers to %j', (id, aliases) => {
    const command = COMMANDS[id as keyof typeof COMMANDS];
    expect([...command.aliases, ...command.hiddenAliases]).toEqual(expect.arrayContaining(aliases));
    for (const alias of aliases) {
      const run = runCli([alias, '--help']);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain(`${command.summary}\n`);
    }
  });
});
