import { describe, expect, it } from 'vitest';
import { interpolateDocument, substitute } from '../../../src/compose/interpolate.js';
import { parseComposeFile } from '../../../src/compose/parse-yaml.js';
import type { ComposeDocument } from '../../../src/compose/types.js';
import { createVariables } from '../../../src/compose/variables.js';
import { dedent } from '../../helpers/dedent.js';

const env: Record<string, string> = { NAME: 'web', EMPTY: '', TAG: '1.2', lower: 'yes', PORT: '8080', MODE: '0440' };
const lookup = (name: string): string | undefined => env[name];

function value(template: string): string {
  const result = substitute(template, lookup);
  if ('error' in result) throw new Error(result.error.message);
  return result.value;
}

function error(template: string): string {
  const result = substitute(template, lookup);
  return 'error' in result ? result.error.message : `no error, got ${JSON.stringify(result.value)}`;
}

describe('substitute', () => {
  it.each([
    ['plain text', 'plain text'],
    ['$NAME', 'web'],
    ['${NAME}', 'web'],
    ['x-$NAME-y', 'x-web-y'],
    ['${NAME}s', 'webs'],
    ['$lower', 'yes'],
    ['$UNSET', ''],
    ['${UNSET}', ''],
    ['$$', '$'],
    ['$$NAME', '$NAME'],
    ['$${NAME}', '${NAME}'],
    ['a$$b', 'a$b'],
    ['${UNSET:-d}', 'd'],
    ['${EMPTY:-d}', 'd'],
    ['${NAME:-d}', 'web'],
    ['${UNSET-d}', 'd'],
    ['${EMPTY-d}', ''],
    ['${NAME-d}', 'web'],
    ['${UNSET:-}', ''],
    ['${UNSET:-a:-b}', 'a:-b'],
    ['${UNSET:-${NAME}}', 'web'],
    ['${UNSET:-${ALSO_UNSET:-x}}', 'x'],
    ['${UNSET:-pre-${NAME:-n}-post}', 'pre-web-post'],
    ['${UNSET:-$NAME}', 'web'],
    ['${UNSET:-$$}', '$'],
    ['${NAME?oops}', 'web'],
    ['${EMPTY?oops}', ''],
    ['${NAME:?oops}', 'web'],
    ['$NAME-x', 'web-x'],
    ['${TAG}:${PORT}', '1.2:8080'],
  ])('%s → %j', (template, expected) => {
    expect(value(template)).toBe(expected);
  });

  it.each([
    ['${UNSET:?must-be-set}', 'required variable UNSET is missing a value: must-be-set'],
    ['${EMPTY:?must be set}', 'required variable EMPTY is missing a value: must be set'],
    ['${UNSET?msg}', 'required variable UNSET is missing a value: msg'],
    ['${UNSET:?}', 'required variable UNSET is missing a value'],
    ['${UNSET:?need $NAME}', 'required variable UNSET is missing a value: need web'],
  ])('%s fails: %s', (template, message) => {
    expect(error(template)).toBe(message);
  });

  it.each(['${}', '${ x}', '${x!}', '${x', '${x:-y', '${x:+y}', '${-x}', '${UNSET:-$5'])(
    '%s is an invalid format',
    (template) => {
      expect(error(template)).toBe(
        `invalid interpolation format for ${JSON.stringify(template)}: you may need to escape any $ with another $`,
      );
    },
  );
});

describe('substitute: a $ that cannot start a variable is kept as written', () => {
  it.each([
    ['$', '$'],
    ['price 5$', 'price 5$'],
    ['$5', '$5'],
    ['$ x', '$ x'],
    ['$-', '$-'],
    ['a$-b', 'a$-b'],
    ['cost $5 for $NAME', 'cost $5 for web'],
    // The bcrypt hash of a Traefik basic-auth label, as a default: read literally, as docker reads it.
    ['${UNSET:-$2y$05$oZcj/Abc}', '$2y$05$oZcj/Abc'],
    ['${UNSET-admin:$2y$05$oZcj$$x}', 'admin:$2y$05$oZcj$$x'],
    ['${UNSET:-$2y$05$oZcjAbc}:${NAME}', '$2y$05$oZcjAbc:web'],
  ])('%s → %j, flagged', (template, expected) => {
    const result = substitute(template, lookup);
    expect(result).toEqual({ value: expected, literalDollar: true });
  });

  it('refuses a literal $ next to an unset variable, as docker does: the hash would silently lose a part', () => {
    const result = substitute('admin:$2y$05$oZcjAbc', lookup);
    expect('error' in result ? [result.error.message, result.error.hint] : result).toEqual([
      'invalid interpolation format for "admin:$2y$05$oZcjAbc": you may need to escape any $ with another $',
      '$oZcjAbc reads the unset variable oZcjAbc in a string that holds a literal $; write $$ for every literal $ (a hash $2y$05$ab... is $$2y$$05$$ab...)',
    ]);
  });

  it('still reads variables in defaults without a literal $, and a set variable ignores its default', () => {
    expect(substitute('${UNSET:-$NAME}', lookup)).toEqual({ value: 'web' });
    expect(substitute('${NAME:-$2y$05$oZcjAbc}', lookup)).toEqual({ value: 'web' });
  });

  it('does not flag templates whose every $ is a variable or $$', () => {
    expect(substitute('$$2y$$05 ${NAME} $NAME', lookup)).toEqual({ value: '$2y$05 web web' });
  });
});

describe('substitute: every missing required variable of a string is reported', () => {
  it('reports both of ${USERNAME?}:${HASHED_PASSWORD?}', () => {
    const result = substitute('${USERNAME?}:${HASHED_PASSWORD?}', lookup);
    expect('errors' in result ? result.errors.map((e) => e.message) : result).toEqual([
      'required variable USERNAME is missing a value',
      'required variable HASHED_PASSWORD is missing a value',
    ]);
  });

  it('reports a missing variable inside a default that is used, and not one in a default that is not', () => {
    const used = substitute('${UNSET:-${A:?a}} ${B?b} ${NAME:-${C?c}}', lookup);
    expect('errors' in used ? used.errors.map((e) => e.message) : used).toEqual([
      'required variable A is missing a value: a',
      'required variable B is missing a value: b',
    ]);
  });
});

describe('substitute: the hint says what exactly is wrong', () => {
  const hint = (template: string): string | undefined => {
    const result = substitute(template, lookup);
    return 'error' in result ? result.error.hint : undefined;
  };
  it.each([
    ['${ x}', 'a variable name must follow ${ directly, as in ${NAME}; write $$ for a literal $'],
    ['${}', 'a variable name must follow ${ directly, as in ${NAME}; write $$ for a literal $'],
    ['${x', 'close ${ with }, as in ${NAME}'],
    ['${x:-y', 'close ${ with }, as in ${NAME}'],
    ['${x!}', 'after the name write } or one of :- - :? ? (as in ${NAME:-default})'],
  ])('%s: %s', (template, expected) => {
    expect(hint(template)).toBe(expected);
  });
});

function load(yaml: string): ComposeDocument {
  const parsed = parseComposeFile({ displayPath: 'compose.yaml', absolutePath: '/p/compose.yaml', text: yaml });
  if (!parsed.document) throw new Error(JSON.stringify(parsed.problems));
  return parsed.document;
}

function interpolate(yaml: string, vars: Record<string, string> = env) {
  return interpolateDocument(load(yaml), createVariables(vars));
}

describe('interpolateDocument', () => {
  it('substitutes string values everywhere, x-* included, but never keys', () => {
    const result = interpolate(dedent`
      x-common:
        image: app:$TAG
      services:
        $NAME:
          image: "app:\${TAG}"
          command: ["echo", "$NAME"]
          labels:
            $NAME: $NAME
    `);
    expect(result.problems).toEqual([]);
    expect(result.document.tree).toEqual({
      'x-common': { image: 'app:1.2' },
      services: { $NAME: { image: 'app:1.2', command: ['echo', 'web'], labels: { $NAME: 'web' } } },
    });
  });

  it('leaves numbers, booleans and null untouched', () => {
    const result = interpolate('a: 1\nb: true\nc: ~\nd: 0440\n');
    expect(result.document.tree).toEqual({ a: 1, b: true, c: null, d: 288 });
  });

  it('casts changed values at typed paths', () => {
    const result = interpolate(
      dedent`
        services:
          web:
            deploy:
              replicas: \${N}
              update_config: {parallelism: "$N", max_failure_ratio: "\${RATIO}"}
              restart_policy: {max_attempts: "$N"}
              placement: {max_replicas_per_node: "$N"}
            ports:
              - {target: "\${N}", published: "$PORT"}
              - {target: 80, published: "\${RANGE}"}
            secrets: [{source: s, mode: "$MODE"}]
            ulimits: {nproc: "$N", nofile: {soft: "$N", hard: "$N"}}
            tty: "$YES"
            read_only: "\${OFF}"
            healthcheck: {disable: "$YES", retries: "$N"}
            volumes: [{type: volume, source: v, target: /d, read_only: "$YES", volume: {nocopy: "$OFF"}}]
        networks:
          n: {external: "$YES"}
      `,
      { N: '3', RATIO: '0.5', PORT: '8080', RANGE: '8080-8081', MODE: '0440', YES: 'Yes', OFF: 'OFF' },
    );
    expect(result.problems).toEqual([]);
    expect(result.document.tree).toEqual({
      services: {
        web: {
          deploy: {
            replicas: 3,
            update_config: { parallelism: 3, max_failure_ratio: 0.5 },
            restart_policy: { max_attempts: 3 },
            placement: { max_replicas_per_node: 3 },
          },
          ports: [
            { target: 3, published: 8080 },
            { target: 80, published: '8080-8081' },
          ],
          // strconv.Atoi: a mode from a variable is decimal, unlike YAML's 0440.
          secrets: [{ source: 's', mode: 440 }],
          ulimits: { nproc: 3, nofile: { soft: 3, hard: 3 } },
          tty: true,
          read_only: false,
          healthcheck: { disable: true, retries: 3 },
          volumes: [{ type: 'volume', source: 'v', target: '/d', read_only: true, volume: { nocopy: false } }],
        },
      },
      networks: { n: { external: true } },
    });
  });

  it('does not cast strings that did not change', () => {
    const result = interpolate('services:\n  web:\n    deploy:\n      replicas: "3"\n');
    expect(result.document.tree).toEqual({ services: { web: { deploy: { replicas: '3' } } } });
  });

  it('reports a failed cast at the value', () => {
    const result = interpolate('services:\n  web:\n    deploy:\n      replicas: $N\n', { N: 'many' });
    expect(result.problems).toEqual([
      {
        code: 'INTERPOLATION_CAST',
        message: 'must be an integer, got "many" after interpolation',
        path: 'services.web.deploy.replicas',
        location: { file: 'compose.yaml', line: 4, col: 17 },
      },
    ]);
  });

  it('reports a missing required variable at the value', () => {
    const result = interpolate('services:\n  web:\n    image: "${TAG:?set TAG}"\n', {});
    expect(result.problems).toEqual([
      {
        code: 'VARIABLE_REQUIRED',
        message: 'required variable TAG is missing a value: set TAG',
        path: 'services.web.image',
        location: { file: 'compose.yaml', line: 3, col: 12 },
        hint: 'set the variable in the environment or in the .env file',
      },
    ]);
  });

  it('reports every invalid template, not only the first', () => {
    const result = interpolate('services:\n  web:\n    image: "${ x}"\n    user: "${x"\n');
    expect(result.problems.map((p) => [p.path, p.message])).toEqual([
      ['services.web.image', 'invalid interpolation format for "${ x}": you may need to escape any $ with another $'],
      ['services.web.user', 'invalid interpolation format for "${x": you may need to escape any $ with another $'],
    ]);
  });

  it('reports each missing variable of one string, and warns once per string with a literal $', () => {
    const result = interpolate(
      dedent`
        services:
          web:
            image: app
            labels:
              auth: "\${USERNAME?}:\${HASHED_PASSWORD?}"
              hash: "\${PASS:-$2y$05$oZcj}"
      `,
      {},
    );
    expect(result.problems.map((p) => [p.path, p.message, p.location?.line])).toEqual([
      ['services.web.labels.auth', 'required variable USERNAME is missing a value', 5],
      ['services.web.labels.auth', 'required variable HASHED_PASSWORD is missing a value', 5],
    ]);
    expect(result.warnings.map((p) => [p.code, p.path, p.message])).toEqual([
      ['LITERAL_DOLLAR', 'services.web.labels.hash', 'a $ that starts no variable is kept as written'],
    ]);
    expect(result.document.tree).toMatchObject({ services: { web: { labels: { hash: '$2y$05$oZcj' } } } });
  });

  it('warns once per unset variable read as "" (also in a default), never for an operator that asks for it', () => {
    const result = interpolate(
      dedent`
        services:
          web:
            image: "registry/app:\${TAG}"
            user: "\${OWNER:-\${TAG}}"
            environment:
              A: "\${MISSING-}"
              B: "\${MISSING:-x}"
              C: "$EMPTY"
      `,
      { EMPTY: '' },
    );
    expect(result.problems).toEqual([]);
    expect(result.warnings.map((p) => [p.code, p.path, p.location?.line, p.message])).toEqual([
      ['UNSET_VARIABLE', 'services.web.image', 3, 'variable TAG is not set: read as an empty string'],
    ]);
    expect(result.warnings[0]?.hint).toContain('${TAG:-default}');
  });
});
