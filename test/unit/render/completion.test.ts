import { describe, expect, it } from 'vitest';
import { renderCompletion, type CompletionCommand } from '../../../src/render/completion.js';

const commands: CompletionCommand[] = [
  {
    id: 'deploy',
    summary: 'Deploy a Compose file.',
    takesStack: true,
    flags: [
      { name: 'compose-file', char: 'c', takesValue: true, description: 'Compose file.' },
      { name: 'resolve-image', takesValue: true, options: ['always', 'changed', 'never'] },
      { name: 'prune', takesValue: false, description: "Remove what's gone." },
    ],
  },
  { id: 'completion', takesStack: false, flags: [], argValues: ['bash', 'zsh', 'fish'] },
];

describe('completion scripts', () => {
  it('bash: a function over the command list, registered for the command', () => {
    const script = renderCompletion('bash', 'stack', commands);
    expect(script).toContain("compgen -W 'completion deploy --help --version'");
    expect(script).toContain("flags='--compose-file -c --resolve-image --prune --help'");
    expect(script).toContain("files=' --compose-file -c '");
    expect(script).toContain(`"deploy --resolve-image") COMPREPLY=($(compgen -W 'always changed never' -- "$cur")) ;;`);
    expect(script).toContain("args='bash zsh fish'");
    expect(script).toContain('command stack __complete-stacks');
    expect(script.trimEnd().split('\n').at(-1)).toBe('complete -F _stack_complete stack');
  });

  it('zsh: the bash function through bashcompinit', () => {
    const script = renderCompletion('zsh', 'stack', commands);
    expect(script).toContain('autoload -U +X bashcompinit && bashcompinit');
    expect(script).toContain('_stack_complete() {');
    expect(script).toContain('complete -F _stack_complete stack');
  });

  it('fish: commands, flags with their values, files and stack names, quotes escaped', () => {
    const script = renderCompletion('fish', 'stack', commands);
    expect(script).toContain("complete -c stack -n '__fish_use_subcommand' -a deploy -d 'Deploy a Compose file.'");
    expect(script).toContain("complete -c stack -n '__fish_seen_subcommand_from deploy' -l compose-file -s c -r -F -d 'Compose file.'");
    expect(script).toContain("-l resolve-image -x -a 'always changed never'");
    expect(script.split('\n').slice(1, 3)).toEqual(['complete -c stack -e', 'complete -c stack -f']);
    expect(script).toContain("-l prune -d 'Remove what'\\''s gone.'");
    expect(script).toContain("-a '(command stack __complete-stacks 2>/dev/null)'");
    expect(script).toContain("complete -c stack -n '__fish_seen_subcommand_from completion' -a 'bash zsh fish'");
  });
});
