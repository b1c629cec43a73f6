/**
 * Shell completion scripts for bash, zsh and fish, written from the command list (oclif's manifest), so that new
 * commands and flags complete without changes here. Pure: the `completion` command passes the commands in.
 *
 * Completed: command names (and help topics after `help`), each command's flags, the values of flags with a fixed
 * list (`--format yaml|json`), file names after flags that take a file, and stack names where a command takes one
 * (from `stack __complete-stacks`, which asks the cluster with a short time limit and prints nothing on failure).
 */

export interface CompletionFlag {
  name: string;
  char?: string;
  takesValue: boolean;
  options?: readonly string[];
  description?: string;
}

export interface CompletionCommand {
  id: string;
  summary?: string;
  flags: CompletionFlag[];
  /** The first argument is a stack name. */
  takesStack: boolean;
  /** Fixed values of the first argument (`completion bash|zsh|fish`, `help COMMAND|TOPIC`). */
  argValues?: readonly string[];
}

export type Shell = 'bash' | 'zsh' | 'fish';
export const SHELLS: readonly Shell[] = ['bash', 'zsh', 'fish'];

/** Flags whose value is a file name. */
const FILE_FLAGS = new Set(['compose-file', 'env-file', 'tlscacert', 'tlscert', 'tlskey', 'out', 'plan']);

export function isFileFlag(flag: CompletionFlag): boolean {
  return flag.takesValue && FILE_FLAGS.has(flag.name);
}

/** The hidden command the scripts call for stack names. */
export const STACKS_COMMAND = '__complete-stacks';

function words(list: Iterable<string>): string {
  return [...list].join(' ');
}

function flagWords(flag: CompletionFlag): string[] {
  return [`--${flag.name}`, ...(flag.char ? [`-${flag.char}`] : [])];
}

function bashFunction(bin: string, commands: CompletionCommand[]): string {
  const fn = `_${bin.replace(/[^A-Za-z0-9_]/g, '_')}_complete`;
  const lines = [
    `# ${bin} completion for bash (from \`${bin} completion bash\`).`,
    `${fn}() {`,
    '  local cur prev cmd i',
    '  cur="${COMP_WORDS[COMP_CWORD]}"',
    '  prev=""',
    '  ((COMP_CWORD > 0)) && prev="${COMP_WORDS[COMP_CWORD-1]}"',
    '  COMPREPLY=()',
    '  cmd=""',
    '  for ((i = 1; i < COMP_CWORD; i++)); do',
    '    case "${COMP_WORDS[i]}" in -*) ;; *) cmd="${COMP_WORDS[i]}"; break ;; esac',
    '  done',
    '  if [[ -z $cmd ]]; then',
    `    COMPREPLY=($(compgen -W ${quote(words([...commands.map((c) => c.id), '--help', '--version']))} -- "$cur"))`,
    '    return 0',
    '  fi',
    '  local flags="" files="" values="" stack=0 args=""',
    '  case "$cmd" in',
  ];
  for (const command of commands) {
    lines.push(`    ${command.id})`);
    lines.push(`      flags=${quote(words([...command.flags.flatMap(flagWords), '--help']))}`);
    const fileFlags = command.flags.filter(isFileFlag).flatMap(flagWords);
    if (fileFlags.length > 0) lines.push(`      files=${quote(` ${words(fileFlags)} `)}`);
    const valueFlags = command.flags.filter((f) => f.takesValue).flatMap(flagWords);
    if (valueFlags.length > 0) lines.push(`      values=${quote(` ${words(valueFlags)} `)}`);
    if (command.takesStack) lines.push('      stack=1');
    if (command.argValues) lines.push(`      args=${quote(words(command.argValues))}`);
    lines.push('      ;;');
  }
  lines.push('    *) return 0 ;;', '  esac');
  // The value of the flag before the cursor: its fixed list, a file name, or nothing to offer.
  lines.push('  if [[ $prev == -* && $values == *" $prev "* ]]; then', '    case "$cmd $prev" in');
  for (const command of commands) {
    for (const flag of command.flags.filter((f) => f.options && f.options.length > 0)) {
      lines.push(`      ${flagWords(flag).map((w) => `"${command.id} ${w}"`).join('|')}) COMPREPLY=($(compgen -W ${quote(words(flag.options!))} -- "$cur")) ;;`);
    }
  }
  lines.push(
    '      *) [[ $files == *" $prev "* ]] && COMPREPLY=($(compgen -f -- "$cur")) ;;',
    '    esac',
    '    return 0',
    '  fi',
    '  if [[ $cur == -* ]]; then',
    '    COMPREPLY=($(compgen -W "$flags" -- "$cur"))',
    '  elif [[ -n $args ]]; then',
    '    COMPREPLY=($(compgen -W "$args" -- "$cur"))',
    '  elif ((stack)); then',
    `    COMPREPLY=($(compgen -W "$(command ${bin} ${STACKS_COMMAND} 2>/dev/null)" -- "$cur"))`,
    '  fi',
    '  return 0',
    '}',
  );
  return `${lines.join('\n')}\n`;
}

function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

export function renderCompletion(shell: Shell, bin: string, commands: CompletionCommand[]): string {
  const visible = [...commands].sort((a, b) => a.id.localeCompare(b.id));
  if (shell === 'bash') {
    const fn = `_${bin.replace(/[^A-Za-z0-9_]/g, '_')}_complete`;
    return `${bashFunction(bin, visible)}complete -F ${fn} ${bin}\n`;
  }
  if (shell === 'zsh') {
    // zsh runs the bash function through its bash-compatibility layer (bashcompinit), part of every zsh.
    const fn = `_${bin.replace(/[^A-Za-z0-9_]/g, '_')}_complete`;
    return [
      `# ${bin} completion for zsh (from \`${bin} completion zsh\`): the bash completion through bashcompinit.`,
      'autoload -U +X compinit && { (( ${+functions[compdef]} )) || compinit; }',
      'autoload -U +X bashcompinit && bashcompinit',
      bashFunction(bin, visible).replace(/^# .*\n/, ''),
      `complete -F ${fn} ${bin}`,
      '',
    ].join('\n');
  }
  return fishScript(bin, visible);
}

function fishScript(bin: string, commands: CompletionCommand[]): string {
  const lines = [
    `# ${bin} completion for fish (from \`${bin} completion fish\`).`,
    // fish ships completions for another program called stack (Haskell's): drop them, then no file names unless a
    // flag takes one.
    `complete -c ${bin} -e`,
    `complete -c ${bin} -f`,
  ];
  for (const command of commands) {
    lines.push(`complete -c ${bin} -n '__fish_use_subcommand' -a ${command.id}${command.summary ? ` -d ${quote(firstLine(command.summary))}` : ''}`);
  }
  for (const command of commands) {
    const when = `-n '__fish_seen_subcommand_from ${command.id}'`;
    for (const flag of command.flags) {
      const parts = [`complete -c ${bin} ${when} -l ${flag.name}`];
      if (flag.char) parts.push(`-s ${flag.char}`);
      if (flag.takesValue) parts.push(isFileFlag(flag) ? '-r -F' : '-x');
      if (flag.options && flag.options.length > 0) parts.push(`-a ${quote(words(flag.options))}`);
      if (flag.description) parts.push(`-d ${quote(firstLine(flag.description))}`);
      lines.push(parts.join(' '));
    }
    if (command.argValues) lines.push(`complete -c ${bin} ${when} -a ${quote(words(command.argValues))}`);
    if (command.takesStack) lines.push(`complete -c ${bin} ${when} -a '(command ${bin} ${STACKS_COMMAND} 2>/dev/null)'`);
  }
  return `${lines.join('\n')}\n`;
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.slice(0, 80);
}
