import { describe, expect, it } from 'vitest';
import { canonicalize } from '../../../src/compose/canonical.js';
import { resolveExtends, type LoadExtendsFile } from '../../../src/compose/extends.js';
import { parseComposeFile } from '../../../src/compose/parse-yaml.js';
import type { ComposeDocument } from '../../../src/compose/types.js';
import { InputError } from '../../../src/errors/index.js';
import { dedent } from '../../helpers/dedent.js';

function load(yaml: string, absolutePath: string, displayPath = absolutePath.split('/').pop() ?? absolutePath): ComposeDocument {
  const parsed = parseComposeFile({ displayPath, absolutePath, text: yaml });
  if (!parsed.document) throw new Error(JSON.stringify(parsed.problems));
  return canonicalize(parsed.document).document;
}

/** A loader over in-memory files, counting loads; a missing file fails like phase 1 does. */
function loader(files: Record<string, string>): LoadExtendsFile & { calls: string[] } {
  const calls: string[] = [];
  const fn = async (absolutePath: string): Promise<ComposeDocument> => {
    calls.push(absolutePath);
    const text = files[absolutePath];
    if (text === undefined) {
      throw new InputError([{ code: 'FILE_NOT_FOUND', message: `file not found: ${absolutePath}` }]);
    }
    return load(text, absolutePath);
  };
  return Object.assign(fn, { calls });
}

async function resolveOne(yaml: string, files: Record<string, string> = {}) {
  return resolveExtends([load(yaml, '/project/compose.yaml')], loader(files));
}

describe('resolveExtends', () => {
  it('leaves documents without extends untouched', async () => {
    const doc = load('services:\n  web: {image: x}\n', '/project/compose.yaml');
    const result = await resolveExtends([doc], loader({}));
    expect(result).toEqual({ documents: [doc], problems: [] });
    expect(result.documents[0]).toBe(doc);
  });

  it('extends a service of the same file (string and mapping form) and drops the extends key', async () => {
    const result = await resolveOne(dedent`
      services:
        common:
          image: busybox
          environment: {TZ: utc, PORT: "80"}
          cap_add: [NET_ADMIN]
        cli:
          extends: common
          environment: {PORT: "8080"}
          cap_add: [SYS_ADMIN]
        web:
          extends: {service: common}
          image: nginx
    `);
    expect(result.problems).toEqual([]);
    expect(result.documents[0]?.tree.services).toEqual({
      common: { image: 'busybox', environment: { TZ: 'utc', PORT: '80' }, cap_add: ['NET_ADMIN'] },
      cli: { image: 'busybox', environment: { TZ: 'utc', PORT: '8080' }, cap_add: ['NET_ADMIN', 'SYS_ADMIN'] },
      web: { image: 'nginx', environment: { TZ: 'utc', PORT: '80' }, cap_add: ['NET_ADMIN'] },
    });
  });

  it('follows chains', async () => {
    const result = await resolveOne(dedent`
      services:
        base: {image: busybox, user: root}
        common: {extends: base, image: alpine}
        cli: {extends: common}
    `);
    expect(result.documents[0]?.tree.services).toEqual({
      base: { image: 'busybox', user: 'root' },
      common: { image: 'alpine', user: 'root' },
      cli: { image: 'alpine', user: 'root' },
    });
  });

  it('uses the merge table: volumes keyed by target, ports keyed and sorted', async () => {
    const result = await resolveOne(dedent`
      services:
        common:
          image: busybox
          volumes: ["common-volume:/var/lib/backup/data:rw"]
          ports: ["8080:80"]
        cli:
          extends: common
          volumes: ["cli-volume:/var/lib/backup/data:ro"]
          ports: ["7070:70"]
    `);
    expect((result.documents[0]?.tree.services as Record<string, unknown>).cli).toEqual({
      image: 'busybox',
      volumes: [{ type: 'volume', source: 'cli-volume', target: '/var/lib/backup/data', read_only: true }],
      ports: [
        { target: 70, published: 7070, protocol: 'tcp', mode: 'ingress', short: true },
        { target: 80, published: 8080, protocol: 'tcp', mode: 'ingress', short: true },
      ],
    });
  });

  it('extends a service of another file, relative to the extending file, and rebases its relative paths', async () => {
    const files = {
      '/project/shared/common.yml': dedent`
        services:
          app:
            build: ./app
            env_file: [app.env, /abs/x.env]
            volumes: ["./data:/data", "named:/named", "/abs:/abs", "~/home:/home"]
            image: app
        networks:
          not-imported: {}
      `,
    };
    const result = await resolveOne(
      dedent`
        services:
          web:
            extends: {file: shared/common.yml, service: app}
            image: web
      `,
      files,
    );
    expect(result.problems).toEqual([]);
    expect(result.documents[0]?.tree).toEqual({
      services: {
        web: {
          build: { context: '/project/shared/app' },
          env_file: [
            { path: '/project/shared/app.env', required: true },
            { path: '/abs/x.env', required: true },
          ],
          // Re-keyed by target and sorted, as docker does for a service merged with another.
          volumes: [
            { type: 'bind', source: '/abs', target: '/abs' },
            { type: 'bind', source: '/project/shared/data', target: '/data' },
            { type: 'bind', source: '~/home', target: '/home' },
            { type: 'volume', source: 'named', target: '/named' },
          ],
          image: 'web',
        },
      },
    });
  });

  it('follows a chain across files and loads each file once', async () => {
    const files = {
      '/project/a/one.yml': 'services:\n  one: {extends: {file: ../b/two.yml, service: two}, user: one}\n  other: {image: o}\n',
      '/project/b/two.yml': 'services:\n  two: {image: two, working_dir: /w, env_file: two.env}\n',
    };
    const load2 = loader(files);
    const result = await resolveExtends(
      [
        load(
          dedent`
            services:
              x: {extends: {file: a/one.yml, service: one}}
              y: {extends: {file: a/one.yml, service: other}}
          `,
          '/project/compose.yaml',
        ),
      ],
      load2,
    );
    expect(result.problems).toEqual([]);
    expect(result.documents[0]?.tree.services).toEqual({
      x: { image: 'two', working_dir: '/w', env_file: [{ path: '/project/b/two.env', required: true }], user: 'one' },
      y: { image: 'o' },
    });
    expect(load2.calls).toEqual(['/project/a/one.yml', '/project/b/two.yml']);
  });

  it('keeps positions: inherited keys point at the base, own keys at the service', async () => {
    const result = await resolveOne(dedent`
      services:
        base:
          image: busybox
        web:
          extends: base
          user: root
    `);
    const map = result.documents[0]?.sourceMap;
    expect(map?.locate(['services', 'web', 'image'])).toEqual({ file: 'compose.yaml', line: 3, col: 12 });
    expect(map?.locate(['services', 'web', 'user'])).toEqual({ file: 'compose.yaml', line: 6, col: 11 });
    expect(map?.get(['services', 'web', 'extends'])).toBeUndefined();
  });

  it('reports a missing service at the extends key', async () => {
    const result = await resolveOne('services:\n  web:\n    extends: nope\n');
    expect(result.problems).toEqual([
      {
        code: 'EXTENDS_SERVICE_NOT_FOUND',
        message: 'cannot extend service "web": service "nope" not found in compose.yaml',
        path: 'services.web.extends.service',
        location: { file: 'compose.yaml', line: 3, col: 5 },
        hint: 'extends.service names a service of compose.yaml',
      },
    ]);
  });

  it('reports a missing file with both paths', async () => {
    const result = await resolveOne('services:\n  web:\n    extends: {file: ../missing.yml, service: a}\n');
    expect(result.problems).toEqual([
      {
        code: 'EXTENDS_FILE_NOT_FOUND',
        message: 'extends file not found: ../missing.yml (resolved to /missing.yml)',
        path: 'services.web.extends.file',
        location: { file: 'compose.yaml', line: 3, col: 5 },
        hint: 'extends.file is relative to the directory of the file that contains it',
      },
    ]);
  });

  it('passes on the problems of the other file', async () => {
    const loadBroken: LoadExtendsFile = async () => {
      throw new InputError([{ code: 'YAML_SYNTAX', message: 'invalid YAML: x', location: { file: 'other.yml', line: 1 } }]);
    };
    const result = await resolveExtends(
      [load('services:\n  web: {extends: {file: other.yml, service: a}}\n', '/project/compose.yaml')],
      loadBroken,
    );
    expect(result.problems).toEqual([{ code: 'YAML_SYNTAX', message: 'invalid YAML: x', location: { file: 'other.yml', line: 1 } }]);
  });

  it('reports a cycle once, with the chain', async () => {
    const result = await resolveOne(dedent`
      services:
        a: {extends: b, image: x}
        b: {extends: c}
        c: {extends: a}
    `);
    expect(result.problems).toEqual([
      {
        code: 'EXTENDS_CYCLE',
        message: 'extends cycle: a (compose.yaml) → b (compose.yaml) → c (compose.yaml) → a (compose.yaml)',
        path: 'services.a.extends',
        location: { file: 'compose.yaml', line: 2, col: 7 },
        hint: 'a service cannot extend itself, directly or through other services',
      },
    ]);
  });

  it('reports a service extending itself', async () => {
    const result = await resolveOne('services:\n  a:\n    extends: a\n');
    expect(result.problems.map((p) => p.message)).toEqual(['extends cycle: a (compose.yaml) → a (compose.yaml)']);
  });
});
