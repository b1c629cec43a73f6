import { describe, expect, test } from 'vitest';
import { parseComposeFile } from '../../../src/compose/parse-yaml.js';
import type { ComposeDocument } from '../../../src/compose/types.js';
import { detectFormat, validateSchema } from '../../../src/compose/validate-schema.js';
import { formatProblem, type InputProblem } from '../../../src/errors/problem.js';
import { dedent } from '../../helpers/dedent.js';

function doc(text: string, file = 'compose.yaml'): ComposeDocument {
  const parsed = parseComposeFile({ displayPath: file, absolutePath: `/project/${file}`, text });
  if (!parsed.document) throw new Error(JSON.stringify(parsed.problems));
  return parsed.document;
}

/** Problems as the CLI prints them, one string each (location, path, message, hint). */
const printed = (problems: InputProblem[]): string[] => problems.map(formatProblem);

const v3 = async (text: string, version = '3.13'): Promise<string[]> => printed(await validateSchema(doc(text), 'v3', version));
const spec = async (text: string): Promise<string[]> => printed(await validateSchema(doc(text), 'spec'));

describe('detectFormat', () => {
  test('no version in the first file means the Compose Specification', () => {
    expect(detectFormat([doc('services: {}\n')])).toEqual({ format: 'spec', problems: [], warnings: [] });
  });

  test.each([
    ['"3.8"', '3.8', '3.8'],
    ['"3.0"', '3.0', '3.0'],
    ['"3"', '3.13', '3'],
    ['""', '3.13', ''],
    ['"3.13"', '3.13', '3.13'],
  ])('version: %s is v3, checked as %s', (written, version, declared) => {
    expect(detectFormat([doc(`version: ${written}\nservices: {}\n`)])).toEqual({
      format: 'v3',
      version,
      declaredVersion: declared,
      problems: [],
      warnings: [],
    });
  });

  test('an unquoted number is read with Go %v, as docker does (the schema then asks for quotes)', () => {
    expect(detectFormat([doc('version: 3.8\n')]).version).toBe('3.8');
    expect(detectFormat([doc('version: 3.10\n')]).version).toBe('3.1');
  });

  test.each(['"2.4"', '"1"', '2', '"3.14"', '"4"', 'latest', '', 'true'])('version: %j is refused', (written) => {
    const detection = detectFormat([doc(`version: ${written}\nservices: {}\n`)]);
    expect(detection.problems).toHaveLength(1);
    expect(detection.problems[0]?.code).toBe('UNSUPPORTED_VERSION');
  });

  test('the refusal names the version and both ways forward', () => {
    expect(printed(detectFormat([doc('version: "2.4"\n')]).problems)).toEqual([
      'compose.yaml:1:10  version: unsupported Compose file version 2.4: stack needs version 3.x or no version (Compose Specification)\n' +
        '  hint: docker stack deploy reads version 3.0 to 3.13; remove the version key to use the Compose Specification',
    ]);
  });

  test('every file must have the same version; a missing one counts as 3.13, as in docker', () => {
    const first = doc('version: "3.8"\n', 'base.yaml');
    const same = doc('version: "3.8"\n', 'same.yaml');
    const other = doc('version: "3.9"\n', 'other.yaml');
    const none = doc('services: {}\n', 'none.yaml');
    expect(printed(detectFormat([first, same, other, none]).problems)).toEqual([
      'other.yaml:1:10  version: is "3.9", but the first file (base.yaml) has "3.8"\n' +
        '  hint: all files must have the same version',
      'none.yaml  this file has no version, which means 3.13, but the first file (base.yaml) has version "3.8"\n' +
        '  hint: add version: "3.8" to this file; all files must have the same version',
    ]);
    expect(detectFormat([doc('version: "3.13"\n'), none]).problems).toEqual([]);
    expect(detectFormat([doc('version: "3"\n'), doc('version: "3.13"\n')]).problems).toEqual([]);
  });

  test('in the Compose Specification a later file may carry a version: it is ignored with a warning', () => {
    const detection = detectFormat([doc('services: {}\n'), doc('version: "3.8"\n', 'prod.yaml')]);
    expect(detection.format).toBe('spec');
    expect(detection.problems).toEqual([]);
    expect(printed(detection.warnings)).toEqual([
      'prod.yaml:1:1  version: ignored: the first file has no version, so the files follow the Compose Specification, where version is obsolete',
    ]);
  });
});

describe('validateSchema: plain messages, one per mistake', () => {
  test('a valid file has no problems', async () => {
    const text = dedent`
      version: "3.13"
      services:
        web:
          image: nginx
          command: ["nginx", "-g", "daemon off;"]
          environment: {A: 1, B: "x", C: null}
          ports: ["80:80", {target: 443, published: 443, mode: host}]
          deploy:
            replicas: 2
            update_config: {parallelism: 1, delay: 10s, order: start-first}
          healthcheck: {test: "curl -f http://localhost", interval: 1m30s}
          x-anything: {free: form}
      networks:
        front: {driver: overlay}
      x-defaults: &defaults {}
    `;
    expect(await v3(text)).toEqual([]);
  });

  test('unknown key: reported at the key, with the closest known key', async () => {
    expect(await v3('services:\n  web:\n    imagee: nginx\n')).toEqual([
      'compose.yaml:3:5  services.web.imagee: unknown key "imagee"\n  hint: did you mean "image"?',
    ]);
  });

  test('a key one level off says where it belongs', async () => {
    expect(await v3('services:\n  web:\n    image: x\n    replicas: 2\n    deploy:\n      limits: {}\n')).toEqual([
      'compose.yaml:4:5  services.web.replicas: unknown key "replicas"\n' +
        '  hint: replicas belongs under deploy: move it to deploy.replicas',
      'compose.yaml:6:7  services.web.deploy.limits: unknown key "limits"\n' +
        '  hint: limits belongs under deploy.resources: move it to deploy.resources.limits',
    ]);
  });

  test('a string where a list is expected: shows the list', async () => {
    expect(await v3('services:\n  web:\n    image: x\n    ports: "80:80"\n')).toEqual([
      'compose.yaml:4:12  services.web.ports: must be a list, got "80:80"\n  hint: write it as a list: ["80:80"]',
    ]);
  });

  test('unknown key far from any known one: no suggestion', async () => {
    expect(await v3('services:\n  web:\n    image: x\n    frobnicate: 1\n')).toEqual([
      'compose.yaml:4:5  services.web.frobnicate: unknown key "frobnicate"',
    ]);
  });

  test('a Compose Specification key in a v3 file says how to get it', async () => {
    expect(await v3('services:\n  web:\n    image: x\n    dns_opt: [use-vc]\n')).toEqual([
      'compose.yaml:4:5  services.web.dns_opt: unknown key "dns_opt"\n' +
        '  hint: "dns_opt" is a Compose Specification key: remove the version key to use the Compose Specification',
    ]);
  });

  test('x-* keys where v3 does not allow them', async () => {
    expect(await v3('services:\n  web:\n    image: x\n    deploy:\n      x-note: 1\n')).toEqual([
      'compose.yaml:5:7  services.web.deploy.x-note: unknown key "x-note"\n' +
        '  hint: in version 3 files, x-* keys are allowed only at the top level and directly in services, networks, volumes, secrets and configs',
    ]);
  });

  test('service names must match [a-zA-Z0-9._-]+', async () => {
    expect(await v3('services:\n  "my web":\n    image: x\n')).toEqual([
      'compose.yaml:2:3  services.my web: invalid name "my web": use only letters, digits, ".", "_" and "-"',
    ]);
  });

  test('union types: the branch matching the value type, or one plain type error', async () => {
    const text = dedent`
      services:
        web:
          image: x
          command: 5
          entrypoint: [sh, 5]
          environment: true
    `;
    expect(await v3(text)).toEqual([
      'compose.yaml:4:14  services.web.command: must be a string or a list of strings, got a number',
      'compose.yaml:5:22  services.web.entrypoint[1]: must be a string, got a number\n  hint: quote it: "5"',
      'compose.yaml:6:18  services.web.environment: must be a mapping or a list of strings, got a boolean (true)',
    ]);
  });

  test('numbers: integer, non-negative, and the value shown', async () => {
    const text = dedent`
      services:
        web:
          image: x
          deploy:
            replicas: many
            placement: {max_replicas_per_node: 1.5}
          volumes:
            - type: tmpfs
              target: /t
              tmpfs: {size: -1}
    `;
    expect(await v3(text)).toEqual([
      'compose.yaml:5:17  services.web.deploy.replicas: must be an integer, got "many"',
      'compose.yaml:6:42  services.web.deploy.placement.max_replicas_per_node: must be an integer, got 1.5',
      'compose.yaml:10:23  services.web.volumes[0].tmpfs.size: must be a non-negative integer, got -1',
    ]);
  });

  test('booleans: yes/no are strings in YAML 1.2', async () => {
    expect(await v3('services:\n  web:\n    image: x\n    tty: yes\n')).toEqual([
      'compose.yaml:4:10  services.web.tty: must be a boolean, got "yes"\n' +
        '  hint: YAML 1.2 reads yes, no, on and off as strings: write true or false without quotes',
    ]);
  });

  test('booleans in environment and labels must be quoted in v3', async () => {
    expect(await v3('services:\n  web:\n    image: x\n    labels: {enabled: true}\n')).toEqual([
      'compose.yaml:4:23  services.web.labels.enabled: must be a string, a number or empty, got a boolean (true)\n' +
        '  hint: quote it to keep it as text: "true"',
    ]);
  });

  test('enums list the choices', async () => {
    expect(await v3('services:\n  web:\n    image: x\n    deploy:\n      update_config: {order: first}\n')).toEqual([
      'compose.yaml:5:30  services.web.deploy.update_config.order: must be one of: start-first, stop-first (got "first")',
    ]);
  });

  test('durations use Go syntax; a bare number is not one', async () => {
    const text = dedent`
      services:
        web:
          image: x
          stop_grace_period: "10"
          healthcheck: {interval: 30, timeout: 1m30, start_period: 1.5h}
    `;
    expect(await v3(text)).toEqual([
      'compose.yaml:4:24  services.web.stop_grace_period: must be a duration like 10s or 1m30s, got "10"\n' +
        '  hint: add a unit: 10s',
      'compose.yaml:5:29  services.web.healthcheck.interval: must be a duration like 10s or 1m30s, got a number\n' +
        '  hint: add a unit: 30s',
      'compose.yaml:5:42  services.web.healthcheck.timeout: must be a duration like 10s or 1m30s, got "1m30"',
    ]);
  });

  test('missing required keys are reported on the mapping', async () => {
    const text = dedent`
      services:
        web:
          image: x
          ulimits: {nofile: {soft: 1024}}
          volumes: [{source: ./a, target: /a}]
    `;
    expect(await v3(text)).toEqual([
      'compose.yaml:4:23  services.web.ulimits.nofile: missing required key "hard"',
      'compose.yaml:5:15  services.web.volumes[0]: missing required key "type"',
    ]);
  });

  test('duplicate list entries point at the repeat', async () => {
    expect(await v3('services:\n  web:\n    image: x\n    cap_add: [NET_ADMIN, SYS_TIME, NET_ADMIN]\n')).toEqual([
      'compose.yaml:4:36  services.web.cap_add[2]: duplicate entry: same as [0]',
    ]);
  });

  test('a number where text is expected: quote it', async () => {
    expect(await v3('services:\n  web:\n    image: x\n    deploy: {resources: {limits: {cpus: 0.50}}}\n')).toEqual([
      'compose.yaml:4:41  services.web.deploy.resources.limits.cpus: must be a string, got a number\n  hint: quote it: "0.5"',
    ]);
  });

  test('an unquoted version number is a type error with the fix', async () => {
    expect(await v3('version: 3.8\nservices: {}\n', '3.8')).toEqual([
      'compose.yaml:1:10  version: must be a string, got a number\n  hint: quote it: version: "3.8"',
    ]);
  });

  test('every problem in the file is reported', async () => {
    const text = dedent`
      services:
        a: {image: 1}
        b: {image: x, init: "no"}
      volumes:
        data: {drivr: local}
    `;
    expect(await v3(text)).toHaveLength(3);
  });

  test('forbidden keys and extends pass the schema: key-rules reports forbidden keys once, with advice', async () => {
    expect(await v3('services:\n  web:\n    extends: {service: base}\n    mem_limit: 1g\n  base: {image: x}\n')).toEqual([]);
  });

  test('docker loose spots stay loose: long-form secret entries and mount sub-options accept unknown keys', async () => {
    const text = dedent`
      services:
        web:
          image: x
          secrets: [{source: s, note: free}]
          volumes: [{type: bind, source: ., target: /a, bind: {create_host_path: true}}]
      secrets:
        s: {file: ./s, external: false}
    `;
    expect(await v3(text)).toEqual([]);
  });
});

describe('validateSchema: keys newer than the file version', () => {
  test('reported at the key, naming both versions', async () => {
    const text = dedent`
      version: "3.6"
      services:
        web:
          image: x
          init: true
          deploy:
            rollback_config: {parallelism: 1}
    `;
    expect(await v3(text, '3.6')).toEqual([
      'compose.yaml:5:5  services.web.init: not allowed in version 3.6 (added in 3.7)\n  hint: set version: "3.7" or later',
      'compose.yaml:7:7  services.web.deploy.rollback_config: not allowed in version 3.6 (added in 3.7)\n' +
        '  hint: set version: "3.7" or later',
    ]);
  });

  test('long port and volume syntax need 3.2', async () => {
    const text = dedent`
      version: "3.1"
      services:
        web:
          image: x
          ports: ["80:80", {target: 443}]
          volumes: [{type: volume, target: /data}]
    `;
    expect(printed(await validateSchema(doc(text), 'v3', '3.1')).map((p) => p.split('\n')[0])).toEqual([
      'compose.yaml:5:22  services.web.ports[1]: long syntax is not allowed in version 3.1 (added in 3.2)',
      'compose.yaml:6:15  services.web.volumes[0]: long syntax is not allowed in version 3.1 (added in 3.2)',
    ]);
  });

  test.each([
    ['3.0', 'secrets: {}\n', 'secrets', '3.1'],
    ['3.2', 'configs: {}\n', 'configs', '3.3'],
    ['3.3', 'x-common: {}\n', 'x-common', '3.4'],
    ['3.4', 'networks: {n: {name: real}}\n', 'networks.n.name', '3.5'],
    ['3.6', 'services: {w: {image: x, x-meta: 1}}\n', 'services.w.x-meta', '3.7'],
    ['3.7', 'services: {w: {image: x, deploy: {placement: {max_replicas_per_node: 1}}}}\n', 'services.w.deploy.placement.max_replicas_per_node', '3.8'],
    ['3.8', 'services: {w: {image: x, deploy: {resources: {limits: {pids: 10}}}}}\n', 'services.w.deploy.resources.limits.pids', '3.9'],
    ['3.11', 'services: {w: {image: x, healthcheck: {start_interval: 1s}}}\n', 'services.w.healthcheck.start_interval', '3.12'],
    ['3.12', 'services: {w: {image: x, oom_score_adj: 10}}\n', 'services.w.oom_score_adj', '3.13'],
  ])('in %s: %j → %s needs %s', async (version, text, path, added) => {
    expect((await validateSchema(doc(text), 'v3', version)).map((p) => [p.code, p.path, p.message])).toEqual([
      ['KEY_TOO_NEW', path, `not allowed in version ${version} (added in ${added})`],
    ]);
  });

  test('the same keys are fine from the version that added them', async () => {
    expect(await v3('services: {w: {image: x, init: true}}\n', '3.7')).toEqual([]);
  });
});

describe('validateSchema: the Compose Specification format', () => {
  test('accepts the superset keys', async () => {
    const text = dedent`
      name: shop
      services:
        web:
          image: nginx
          profiles: [web]
          dns_opt: [use-vc]
          group_add: [audio, 5]
          depends_on:
            db: {condition: service_healthy, required: false}
          env_file:
            - path: ./common.env
              required: false
          ports:
            - {target: 80, published: "8080", host_ip: 127.0.0.1}
          deploy:
            resources: {limits: {cpus: 0.5}}
            x-note: spec allows extensions here
          environment: {DEBUG: true}
          healthcheck: {test: [CMD, curl, -f, localhost], start_interval: 2s}
        db: {image: postgres}
      secrets:
        token: {environment: TOKEN}
      configs:
        site: {content: "hello"}
    `;
    expect(await spec(text)).toEqual([]);
  });

  test('depends_on long form needs a known condition', async () => {
    expect(await spec('services:\n  web:\n    image: x\n    depends_on:\n      db: {condition: started}\n')).toEqual([
      'compose.yaml:5:23  services.web.depends_on.db.condition: must be one of: service_started, service_healthy, service_completed_successfully (got "started")',
    ]);
  });

  test('published may be a string holding a port or a range', async () => {
    expect(await spec('services:\n  web:\n    image: x\n    ports: [{target: 80, published: "80-81"}]\n')).toEqual([]);
    expect(await spec('services:\n  web:\n    image: x\n    ports: [{target: 80, published: "eighty"}]\n')).toEqual([
      'compose.yaml:4:37  services.web.ports[0].published: must be a port number or a range like 8000-8010, got "eighty"',
    ]);
  });

  test('strings for numbers and booleans are still mistakes after interpolation', async () => {
    expect(await spec('services:\n  web:\n    image: x\n    deploy: {replicas: "3"}\n    tty: "true"\n')).toEqual([
      'compose.yaml:4:24  services.web.deploy.replicas: must be an integer, got "3"',
      'compose.yaml:5:10  services.web.tty: must be a boolean, got "true"\n' +
        '  hint: YAML 1.2 reads yes, no, on and off as strings: write true or false without quotes',
    ]);
  });

  test('unknown keys are still unknown, with suggestions', async () => {
    expect(await spec('services:\n  web:\n    image: x\n    profile: [a]\n')).toEqual([
      'compose.yaml:4:5  services.web.profile: unknown key "profile"\n  hint: did you mean "profiles"?',
    ]);
  });

  test('the stack name must be lower-case', async () => {
    expect(await spec('name: My_App\nservices: {}\n')).toEqual([
      'compose.yaml:1:7  name: must match ^[a-z0-9][a-z0-9_-]*$, got "My_App"',
    ]);
  });
});
