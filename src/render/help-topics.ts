/**
 * Help topics: `stack help TOPIC` for what is not a command. Words only; the `help` command prints them. Pure.
 * Engineers adding an environment variable or an exit code add a line here (and the test in
 * test/unit/render/help-topics.test.ts lists what every topic must mention). One line per entry, however long:
 * renderHelpTopic wraps it to the terminal, under its own text column.
 */

export interface HelpTopic {
  name: string;
  summary: string;
  text: string;
}

const ENVIRONMENT = `ENVIRONMENT VARIABLES
  Read by every command that talks to a swarm manager, as the docker CLI reads them:
    DOCKER_HOST          Manager endpoint (unix://, tcp://, ssh://), when no -H/--host is given.
    DOCKER_CONTEXT       Docker context to use, when neither -H nor --context is given.
    DOCKER_TLS_VERIFY    Non-empty: use TLS and verify the manager's certificate.
    DOCKER_CERT_PATH     Directory of ca.pem, cert.pem and key.pem for TLS (default: DOCKER_CONFIG).
    DOCKER_CONFIG        Docker configuration directory: contexts, registry credentials (default: ~/.docker).
    SSH_AUTH_SOCK        ssh agent used for ssh:// endpoints.
    HOME                 Where ~/.docker and ~/.ssh are looked up.

  Read by the commands that load Compose files (config, deploy, diff):
    any variable         Interpolated as \${NAME} in the files; the process environment wins over .env and --env-file values.
    COMPOSE_PROFILES     Profiles to enable (comma-separated, * for all) when no --profile is given; also read from .env. COMPOSE_PROJECT_NAME is NOT read: the stack name is the argument or name:.

  CI (deploy, rollback, diff, drift):
    GITHUB_STEP_SUMMARY  A file: deploy and diff append their Markdown report to it.
    STACK_PLAN_KEY       Extra key of the secret HMACs in a saved plan (diff --out, deploy --plan); when set at diff time it must be set to the same value at apply time.
    CI run ids           The commit and pipeline recorded with each revision (stack history): GITHUB_SHA, GITHUB_RUN_ID, GITHUB_REPOSITORY, GITHUB_REF_NAME (GitHub Actions), CI_COMMIT_SHA, CI_PIPELINE_ID, CI_PROJECT_PATH (GitLab), BITBUCKET_*, CIRCLE_*, BUILD_* (Azure), JENKINS_URL/BUILD_NUMBER.

  Output:
    NO_COLOR             Set and not empty: no colour, even on a terminal.
    FORCE_COLOR          Set and not 0: colour even when the output is not a terminal.
    DEBUG                Set: show internal details and stack traces, like --debug.

  Start-up:
    STACK_COMPILE_CACHE  Folder of the compiled-code cache that speeds up start-up (default: $XDG_CACHE_HOME/stack, or ~/.cache/stack); 0: no cache.

EXIT CODES
    0     Success. \`stack deploy\` and \`stack rollback\`: everything converged, or nothing had to change.
    1     Error: invalid input, a failed or unconverged rollout, an unreachable manager, a refused command.
    2     \`stack diff --exit-code\`: the plan has changes (0 then means no changes).
    130   Interrupted by Ctrl-C (SIGINT). A deploy stops starting new work and records the run as interrupted.
    143   Terminated by SIGTERM (128 + 15).
    129   Terminated by SIGHUP (128 + 1), for example when the terminal closes.
`;

export const HELP_TOPICS: readonly HelpTopic[] = [
  { name: 'environment', summary: 'Environment variables stack reads, and its exit codes.', text: ENVIRONMENT },
];

/** The topic of that name; `env` and `exit-codes` name the same one. */
export function findHelpTopic(name: string): HelpTopic | undefined {
  const aliases: Record<string, string> = { env: 'environment', 'exit-codes': 'environment', exit: 'environment' };
  const wanted = aliases[name] ?? name;
  return HELP_TOPICS.find((topic) => topic.name === wanted);
}

/**
 * A topic's text for a terminal `width` columns wide: every line longer than that is wrapped at spaces, its
 * continuation lines indented to its text column (after the first cell and its gap of two or more spaces, for a
 * table row; to the line's own indentation otherwise), as oclif wraps the commands' help.
 */
export function renderHelpTopic(topic: HelpTopic, width: number): string {
  return topic.text
    .split('\n')
    .map((line) => wrapLine(line, width))
    .join('\n');
}

function wrapLine(line: string, width: number): string {
  if (line.length <= width) return line;
  const indent = line.length - line.trimStart().length;
  const cell = /^( *\S.*?) {2,}(?=\S)/.exec(line);
  let column = cell ? cell[0].length : indent;
  // A column too far right for the terminal leaves no room for words: fall back to a small hanging indent.
  if (width - column < 20) column = indent + 4;
  const head = line.slice(0, cell && column === cell[0].length ? column : indent);
  const words = line.slice(head.length).split(' ').filter((word) => word !== '');
  const lines: string[] = [];
  let current = head;
  let empty = true;
  for (const word of words) {
    if (!empty && current.length + 1 + word.length > width) {
      lines.push(current);
      current = ' '.repeat(column);
      empty = true;
    }
    current += empty ? word : ` ${word}`;
    empty = false;
  }
  lines.push(current);
  return lines.join('\n');
}

/** The lines `stack help` adds after oclif's list of commands. */
export function renderTopicList(bin: string): string {
  const width = Math.max(...HELP_TOPICS.map((t) => t.name.length));
  return `HELP TOPICS\n${HELP_TOPICS.map((t) => `  ${bin} help ${t.name.padEnd(width)}  ${t.summary}`).join('\n')}\n`;
}

/** What a mistyped command or help subject prints (stderr), with the nearest name when one is close. */
export function renderUnknownCommand(bin: string, word: string, nearest: string | undefined, kind: 'command' | 'command or help topic'): string {
  const hint = nearest ? `did you mean "${nearest}"? ` : '';
  return `Error: "${word}" is not a ${bin} ${kind}\n  hint: ${hint}run \`${bin} help\` for the list of commands\n`;
}
