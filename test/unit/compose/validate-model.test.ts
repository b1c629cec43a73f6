import { describe, expect, test } from 'vitest';
import { buildModel } from '../../../src/compose/build-model.js';
import { parseComposeFile } from '../../../src/compose/parse-yaml.js';
import type { Variables } from '../../../src/compose/types.js';
import { constraintProblem } from '../../../src/docker/constraints.js';
import { collectModelWarnings } from '../../../src/compose/rules/warnings.js';
import { validateModel } from '../../../src/compose/validate-model.js';
import { imageReferenceProblem } from '../../../src/docker/image-reference.js';
import type { ComposeFormat } from '../../../src/model/stack-model.js';
import { formatProblem } from '../../../src/errors/problem.js';
import { dedent } from '../../helpers/dedent.js';

/*
 * Input is a canonical tree (long syntax), built into a StackModel, then checked; the expected output is what the
 * CLI prints for each problem.
 */

const noVariables: Variables = { get: () => undefined, has: () => false, origin: () => undefined };

async function check(text: string, options: { stack?: string; format?: ComposeFormat } = {}): Promise<string[]> {
  const parsed = parseComposeFile({ displayPath: 'compose.yaml', absolutePath: '/project/compose.yaml', text });
  if (!parsed.document) throw new Error(JSON.stringify(parsed.problems));
  const { model, problems } = await buildModel(parsed.document, {
    workingDir: '/project',
    files: ['/project/compose.yaml'],
    format: options.format ?? 'v3',
    variables: noVariables,
    env: {},
  });
  if (problems.length > 0) throw new Error(problems.map(formatProblem).join('\n'));
  return validateModel(model, parsed.document.sourceMap, options.stack).map(formatProblem);
}

/** One service named web with the given extra YAML lines (indented under it). */
const web = (lines: string): string => `services:\n  web:\n    image: nginx\n${lines.replace(/^/gm, '    ')}\n`;

describe('image', () => {
  test('a service without image: swarm runs images, it cannot build them', async () => {
    expect(await check('services:\n  web:\n    build: .\n')).toEqual([
      'compose.yaml:2:3  services.web.image: required: swarm runs images, it cannot build them\n' +
        '  hint: build and push the image first, then name it in image:',
    ]);
  });

  test('an empty image is reported at the value', async () => {
    expect(await check('services:\n  web:\n    image: ""\n')).toEqual([
      'compose.yaml:3:12  services.web.image: required: swarm runs images, it cannot build them\n' +
        '  hint: build and push the image first, then name it in image:',
    ]);
  });

  test('an invalid reference', async () => {
    expect(await check('services:\n  web:\n    image: Nginx:latest\n')).toEqual([
      'compose.yaml:3:12  services.web.image: invalid image reference "Nginx:latest": the repository name must be lowercase',
    ]);
  });

  test.each([
    'nginx',
    'nginx:1.27-alpine',
    'library/nginx',
    'ghcr.io/acme/web:v1.2.3',
    'localhost:5000/web',
    'Registry.Example.com/team/app',
    '[::1]:5000/app:tag',
    'nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
    'nginx:1@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
    '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
  ])('%s is a valid reference', (reference) => {
    expect(imageReferenceProblem(reference)).toBeUndefined();
  });

  test.each([
    ['Nginx', 'the repository name must be lowercase'],
    ['acme/Web', 'the repository name must be lowercase'],
    ['nginx:', 'not a valid image reference'],
    ['nginx latest', 'not a valid image reference'],
    ['nginx:-bad', 'not a valid image reference'],
    ['-nginx', 'not a valid image reference'],
    ['nginx@sha256:short', 'not a valid image reference'],
  ])('%j: %s', (reference, problem) => {
    expect(imageReferenceProblem(reference)).toBe(problem);
  });
});

describe('names in swarm (with a stack name)', () => {
  test('<stack>_<service> must be a valid swarm name of at most 63 characters', async () => {
    const long = 'a'.repeat(60);
    const text = `services:\n  my.web:\n    image: x\n  ${long}:\n    image: x\n  ok-name_1:\n    image: x\n`;
    expect(await check(text, { stack: 'shop' })).toEqual([
      'compose.yaml:2:3  services.my.web: service name "shop_my.web" is not valid in swarm\n' +
        '  hint: use letters, digits, "-" and "_", starting and ending with a letter or digit',
      `compose.yaml:4:3  services.${long}: service name "shop_${long}" is 65 characters long; swarm allows 63\n` +
        '  hint: shorten the stack name or the service key',
    ]);
  });

  test('without a stack name the check is skipped', async () => {
    expect(await check('services:\n  my.web:\n    image: x\n')).toEqual([]);
  });

  test('secret and config names: at most 64 of [a-zA-Z0-9-_.], alphanumeric at both ends', async () => {
    const text = dedent`
      services: {}
      secrets:
        ok: {file: ./a}
        custom: {file: ./a, name: "-bad"}
        ${'s'.repeat(60)}: {file: ./a}
        outside: {external: true, name: "-not-ours-"}
      configs:
        conf_: {file: ./a}
    `;
    expect(await check(text, { stack: 'shop' })).toEqual([
      'compose.yaml:4:23  secrets.custom.name: secret name "-bad" is not valid in swarm\n' +
        '  hint: at most 64 characters of letters, digits, "-", "_" and ".", starting and ending with a letter or digit',
      `compose.yaml:5:3  secrets.${'s'.repeat(60)}: secret name "shop_${'s'.repeat(60)}" is not valid in swarm\n` +
        '  hint: at most 64 characters of letters, digits, "-", "_" and ".", starting and ending with a letter or digit',
      'compose.yaml:8:3  configs.conf_: config name "shop_conf_" is not valid in swarm\n' +
        '  hint: at most 64 characters of letters, digits, "-", "_" and ".", starting and ending with a letter or digit',
    ]);
  });
});

describe('references', () => {
  test('undefined secret, config, network and volume', async () => {
    const text = dedent`
      services:
        web:
          image: x
          secrets: [{source: token}]
          configs: [{source: site}]
          networks: {default: {}, front: {}, back: {}}
          volumes:
            - {type: volume, source: data, target: /data}
            - {type: volume, target: /anonymous}
            - {type: cluster, source: "group:fast", target: /c}
      networks:
        front: {}
    `;
    expect(await check(text)).toEqual([
      'compose.yaml:4:24  services.web.secrets[0].source: undefined secret "token"\n' +
        '  hint: declare it under the top-level secrets key',
      'compose.yaml:5:24  services.web.configs[0].source: undefined config "site"\n' +
        '  hint: declare it under the top-level configs key',
      'compose.yaml:6:40  services.web.networks.back: undefined network "back"\n' +
        '  hint: declare it under the top-level networks key',
      'compose.yaml:8:32  services.web.volumes[0].source: undefined volume "data"\n' +
        '  hint: declare it under the top-level volumes key',
    ]);
  });

  test('depends_on naming a service not in the stack is no error (docker ignores depends_on; a warning says so)', async () => {
    const text = dedent`
      services:
        web:
          image: x
          depends_on: {db: {condition: service_started}, cache: {condition: service_started, required: false}}
        api: {image: x, depends_on: {web: {condition: service_healthy}}}
    `;
    expect(await check(text, { format: 'spec' })).toEqual([]);
  });

  test('depends_on cycles are errors naming the cycle, once per cycle, at the first step', async () => {
    const text = dedent`
      services:
        service1: {image: x, depends_on: {service2: {condition: service_started}}}
        service2: {image: x, depends_on: {service3: {condition: service_started}}}
        service3: {image: x, depends_on: {service1: {condition: service_started}, ok: {condition: service_started}}}
        ok: {image: x}
        self: {image: x, depends_on: {self: {condition: service_started}}}
        a: {image: x, depends_on: {b: {condition: service_started}}}
        b: {image: x, depends_on: {a: {condition: service_started}, ok: {condition: service_started}}}
    `;
    const hint = '\n  hint: remove one of these depends_on entries: services that need each other must start without waiting';
    expect(await check(text, { format: 'spec' })).toEqual([
      `compose.yaml:7:30  services.a.depends_on.b: depends_on cycle: a → b → a${hint}`,
      `compose.yaml:6:33  services.self.depends_on.self: depends_on cycle: self → self${hint}`,
      `compose.yaml:2:37  services.service1.depends_on.service2: depends_on cycle: service1 → service2 → service3 → service1${hint}`,
    ]);
  });

  test('a chain without a cycle, and a diamond, are fine', async () => {
    const text = dedent`
      services:
        top: {image: x, depends_on: [left, right]}
        left: {image: x, depends_on: [bottom]}
        right: {image: x, depends_on: [bottom]}
        bottom: {image: x}
    `;
    expect(await check(text, { format: 'spec' })).toEqual([]);
  });

  test('duplicate secret and config targets (the target defaults to the source)', async () => {
    const text = dedent`
      services:
        web:
          image: x
          secrets: [{source: a}, {source: b, target: a}]
          configs: [{source: c, target: /etc/c}, {source: d, target: /etc/c}]
      secrets: {a: {file: ./a}, b: {file: ./b}}
      configs: {c: {file: ./c}, d: {file: ./d}}
    `;
    expect(await check(text)).toEqual([
      'compose.yaml:4:28  services.web.secrets[1]: duplicate secret target "a" (also used by secrets[0])\n' +
        '  hint: give one of them another target',
      'compose.yaml:5:44  services.web.configs[1]: duplicate config target "/etc/c" (also used by configs[0])\n' +
        '  hint: give one of them another target',
    ]);
  });

  test('credential_spec: one of config, file, registry; config must be declared', async () => {
    expect(await check(web('credential_spec: {file: a.json, registry: b, config: gmsa}'))).toEqual([
      'compose.yaml:4:22  services.web.credential_spec: use only one of config, file and registry (got config, file, registry)',
      'compose.yaml:4:58  services.web.credential_spec.config: undefined config "gmsa"\n' +
        '  hint: declare it under the top-level configs key',
    ]);
  });
});

describe('deploy', () => {
  test('mode must be known; replicas only with replicated modes', async () => {
    expect(await check(web('deploy: {mode: Global}'))).toEqual([
      'compose.yaml:4:20  services.web.deploy.mode: must be one of: replicated, global, replicated-job, global-job (got "Global")\n' +
        '  hint: did you mean "global"?',
    ]);
    expect(await check(web('deploy: {mode: global-job, replicas: 2}'))).toEqual([
      'compose.yaml:4:42  services.web.deploy.replicas: cannot be used with mode "global-job"\n' +
        '  hint: global services run one task on every eligible node; remove replicas',
    ]);
    expect(await check(web('deploy: {mode: replicated-job, replicas: 0}'))).toEqual([]);
    expect(await check(web('deploy: {replicas: -1}'))).toEqual([
      'compose.yaml:4:24  services.web.deploy.replicas: must be zero or more, got -1',
    ]);
  });

  test('jobs cannot have an update_config', async () => {
    expect(await check(web('deploy: {mode: replicated-job, update_config: {parallelism: 1}}'))).toEqual([
      'compose.yaml:4:51  services.web.deploy.update_config: cannot be used with mode "replicated-job": swarm refuses jobs with one',
    ]);
  });

  test('endpoint_mode is vip or dnsrr (any case, docker lower-cases it)', async () => {
    expect(await check(web('deploy: {endpoint_mode: DNSRR}'))).toEqual([]);
    expect(await check(web('deploy: {endpoint_mode: round-robin}'))).toEqual([
      'compose.yaml:4:29  services.web.deploy.endpoint_mode: must be one of: vip, dnsrr (got "round-robin")',
    ]);
  });

  test('update and rollback config: order, failure_action (rollback_config cannot roll back), ratio', async () => {
    const text = web(dedent`
      deploy:
        update_config: {failure_action: retry, max_failure_ratio: 1.5}
        rollback_config: {failure_action: rollback, order: start-first}
    `);
    expect(await check(text)).toEqual([
      'compose.yaml:5:39  services.web.deploy.update_config.failure_action: must be one of: continue, pause, rollback (got "retry")',
      'compose.yaml:5:65  services.web.deploy.update_config.max_failure_ratio: must be between 0 and 1, got 1.5',
      'compose.yaml:6:41  services.web.deploy.rollback_config.failure_action: must be one of: continue, pause (got "rollback")\n' +
        '  hint: a failed rollback cannot itself be rolled back; use pause or continue',
    ]);
  });

  test('restart_policy condition; legacy restart only when there is no restart_policy', async () => {
    expect(await check(web('deploy: {restart_policy: {condition: always}}'))).toEqual([
      'compose.yaml:4:42  services.web.deploy.restart_policy.condition: must be one of: none, on-failure, any (got "always")\n' +
        '  hint: write any: "always" is how the service-level restart key spells it',
    ]);
    expect(await check(web('restart: sometimes'))).toEqual([
      'compose.yaml:4:14  services.web.restart: must be one of: no, always, unless-stopped, on-failure[:N] (got "sometimes")\n' +
        '  hint: or use deploy.restart_policy',
    ]);
    expect(await check(web('restart: on-failure:3'))).toEqual([]);
    expect(await check(web('restart: on-failure:-1'))).toEqual([
      'compose.yaml:4:14  services.web.restart: the maximum retry count must not be negative',
    ]);
    expect(await check(web('restart: sometimes\ndeploy: {restart_policy: {condition: any}}'))).toEqual([]);
  });

  test('cpus: docker rational parse, at most 9 decimals, at least 0.001; memory at least 4MiB', async () => {
    const text = web(dedent`
      deploy:
        resources:
          limits: {cpus: "0.0000000001", memory: 1m}
          reservations: {cpus: "two"}
    `);
    expect(await check(text)).toEqual([
      'compose.yaml:6:24  services.web.deploy.resources.limits.cpus: value is too precise: "0.0000000001" has more than 9 decimal places',
      'compose.yaml:6:48  services.web.deploy.resources.limits.memory: must be at least 4MiB, got 1048576 bytes',
      'compose.yaml:7:30  services.web.deploy.resources.reservations.cpus: must be a number of CPUs like 0.5 or 2, got "two"',
    ]);
    expect(await check(web('deploy: {resources: {limits: {cpus: "0.0001"}}}'))).toEqual([
      'compose.yaml:4:41  services.web.deploy.resources.limits.cpus: must be at least 0.001, got "0.0001"',
    ]);
    expect(await check(web('deploy: {resources: {limits: {cpus: "1/2", memory: 4m}}}'))).toEqual([]);
  });

  test('placement constraints and spread preferences', async () => {
    const text = web(dedent`
      deploy:
        placement:
          constraints:
            - node.role == manager
            - node.role = manager
            - node.rol==manager
            - node.role==leader
            - node.labels.zone != eu-1
            - engine.labels.disk==ssd
            - node.ip==10.0.0.0/8
            - node.ip==somewhere
          preferences:
            - spread: node.labels.zone
            - spread: node.hostname
    `);
    expect(await check(text)).toEqual([
      'compose.yaml:8:13  services.web.deploy.placement.constraints[1]: placement constraint "node.role = manager" is not valid: expected an expression like node.role==manager',
      'compose.yaml:9:13  services.web.deploy.placement.constraints[2]: placement constraint "node.rol==manager" is not valid: unknown attribute "node.rol": no node would ever match\n' +
        '  hint: use node.id, node.hostname, node.ip, node.role, node.platform.os, node.platform.arch, node.labels.<name> or engine.labels.<name>',
      'compose.yaml:10:13  services.web.deploy.placement.constraints[3]: placement constraint "node.role==leader" is not valid: node.role is either manager or worker',
      'compose.yaml:14:13  services.web.deploy.placement.constraints[7]: placement constraint "node.ip==somewhere" is not valid: node.ip takes an IP address or a subnet like 10.0.0.0/8',
    ]);
  });

  test.each([
    ['node.platform.os==linux', undefined],
    ['NODE.ROLE==Worker', undefined],
    ['node.labels.x==a b', undefined],
    ['node.labels.==x', 'unknown attribute "node.labels.": no node would ever match'],
    ['node.hostname==', '"" is not a valid value'],
    ['node.hostname==a,b', '"a,b" is not a valid value'],
    ['1node==x', '"1node" is not a valid attribute'],
  ])('constraint %j', (expression, reason) => {
    expect(constraintProblem(expression)?.reason).toBe(reason);
  });
});

describe('ports', () => {
  test('target and published are ports; protocol and mode are known', async () => {
    const text = web(dedent`
      ports:
        - {target: 0}
        - {target: 80, published: 70000}
        - {target: 81, protocol: http, mode: global}
    `);
    expect(await check(text)).toEqual([
      'compose.yaml:5:18  services.web.ports[0].target: must be a port between 1 and 65535, got 0',
      'compose.yaml:6:33  services.web.ports[1].published: must be a port between 1 and 65535, got 70000',
      'compose.yaml:7:32  services.web.ports[2].protocol: must be one of: tcp, udp, sctp (got "http")',
      'compose.yaml:7:44  services.web.ports[2].mode: must be one of: ingress, host (got "global")',
    ]);
  });

  test('endpoint_mode dnsrr cannot publish in ingress mode (the default)', async () => {
    const text = web(dedent`
      deploy: {endpoint_mode: dnsrr}
      ports:
        - {target: 80, published: 80}
        - {target: 81, published: 81, mode: host}
        - {target: 82, published: 82, mode: ingress}
        - {target: 83}
    `);
    expect(await check(text)).toEqual([
      'compose.yaml:6:9  services.web.ports[0]: ports published in ingress mode cannot be used with endpoint_mode dnsrr (and 2 more)\n' +
        '  hint: publish them with mode: host, or use endpoint_mode: vip',
    ]);
  });

  test('the same published port and protocol twice', async () => {
    const text = web(dedent`
      ports:
        - {target: 80, published: 8080}
        - {target: 81, published: 8080, protocol: udp}
        - {target: 82, published: 8080, protocol: TCP}
        - {target: 83}
        - {target: 84}
    `);
    expect(await check(text)).toEqual([
      'compose.yaml:7:9  services.web.ports[2]: published port 8080/tcp is already used by ports[0]\n' +
        '  hint: a published port can be used once per protocol; publish this one on another port',
    ]);
  });
});

describe('mounts', () => {
  test('per-type rules (docker convert/volume.go)', async () => {
    const text = web(dedent`
      volumes:
        - {type: tmpfs, source: x, target: /t}
        - {type: bind, target: /b}
        - {type: bind, source: /s, target: /v, volume: {nocopy: true}}
        - {type: volume, source: data, target: /d, bind: {propagation: rshared}}
        - {type: npipe, source: '\\\\.\\pipe\\docker', target: /p, bind: {propagation: rprivate}}
        - {type: image, target: /i}
    `);
    expect(await check(`${text}volumes:\n  data: {}\n`)).toEqual([
      'compose.yaml:5:31  services.web.volumes[0].source: a tmpfs mount takes no source',
      'compose.yaml:6:9  services.web.volumes[1]: a bind mount needs a source\n' +
        '  hint: set source to the path on the node to mount',
      'compose.yaml:7:54  services.web.volumes[2].volume: volume options cannot be used with a bind mount',
      'compose.yaml:8:56  services.web.volumes[3].bind: bind options cannot be used with a volume mount\n' +
        '  hint: propagation applies only to bind mounts',
      'compose.yaml:10:9  services.web.volumes[5]: an image mount needs a source',
    ]);
  });

  test('targets are absolute and unique', async () => {
    const text = web(dedent`
      volumes:
        - {type: volume, target: data}
        - {type: volume, target: /cache}
        - {type: tmpfs, target: /cache}
        - {type: bind, source: 'C:\\x', target: 'C:\\y'}
    `);
    expect(await check(text)).toEqual([
      'compose.yaml:5:32  services.web.volumes[0].target: must be an absolute path, got "data"',
      'compose.yaml:7:9  services.web.volumes[2]: duplicate mount point "/cache" (also used by volumes[1])',
    ]);
  });
});

describe('healthcheck', () => {
  test('disable with test is a conflict', async () => {
    expect(await check(web('healthcheck: {disable: true, test: [CMD, "true"]}'))).toEqual([
      'compose.yaml:4:18  services.web.healthcheck: test and disable cannot be set together\n' +
        '  hint: remove test, or remove disable: true',
    ]);
    expect(await check(web('healthcheck: {disable: false, test: [CMD, "true"]}'))).toEqual([]);
  });

  test('durations are 0 or at least 1ms; retries not negative', async () => {
    expect(await check(web('healthcheck: {interval: 500us, timeout: 0s, start_period: 1ms, retries: -1}'))).toEqual([
      'compose.yaml:4:29  services.web.healthcheck.interval: must be 0 or at least 1ms, got 500µs',
      'compose.yaml:4:77  services.web.healthcheck.retries: must be zero or more, got -1',
    ]);
  });
});

describe('top-level objects', () => {
  test('external volumes cannot have driver, driver_opts or labels', async () => {
    const text = 'services: {}\nvolumes:\n  data: {external: true, driver: local, labels: {a: b}}\n  fine: {external: true}\n';
    expect(await check(text)).toEqual([
      'compose.yaml:3:26  volumes.data.driver: cannot be used with external: true\n' +
        '  hint: an external volume is created outside the stack; remove this key or external',
      'compose.yaml:3:41  volumes.data.labels: cannot be used with external: true\n' +
        '  hint: an external volume is created outside the stack; remove this key or external',
    ]);
  });

  test('secrets need a source; driver and file conflict', async () => {
    const text = dedent`
      services: {}
      secrets:
        none: {labels: {a: b}}
        both: {file: ./a, driver: vault}
        driver_only: {driver: vault}
        outside: {external: true}
      configs:
        empty: {name: x}
    `;
    expect(await check(text)).toEqual([
      'compose.yaml:3:3  secrets.none: has no source: set file, driver or external',
      'compose.yaml:4:21  secrets.both.driver: cannot be used together with file\n' +
        '  hint: a secret comes either from a file or from a secret driver; remove one of them',
      'compose.yaml:8:3  configs.empty: has no source: set file or external',
    ]);
  });

  test('the Compose Specification adds environment and content sources', async () => {
    const text = dedent`
      services: {}
      secrets:
        token: {environment: TOKEN}
        none: {}
      configs:
        inline: {content: hello}
        none: {}
    `;
    expect(await check(text, { format: 'spec' })).toEqual([
      'compose.yaml:4:3  secrets.none: has no source: set file, environment, driver or external',
      'compose.yaml:7:3  configs.none: has no source: set file, content, environment or external',
    ]);
  });
});

describe('reporting order', () => {
  test('every rule for one service in turn (names, references, deploy, ports, mounts, healthcheck), then the stack-wide rules', async () => {
    const text = dedent`
      services:
        web:
          image: Web
          secrets: [nope]
          deploy: {mode: everywhere}
          ports: [{target: 0}]
          volumes: [{type: tmpfs, source: x, target: /t}]
          healthcheck: {retries: -1}
          depends_on: {api: {condition: service_started}}
        api:
          image: x
          networks: [nope]
          restart: sometimes
          depends_on: {web: {condition: service_started}}
      volumes:
        v: {external: true, driver: local}
      secrets:
        s: {}
      configs:
        c: {}
    `;
    expect((await check(text, { stack: 'shop' })).map((line) => line.split('\n')[0])).toEqual([
      'compose.yaml:3:12  services.web.image: invalid image reference "Web": the repository name must be lowercase',
      'compose.yaml:4:15  services.web.secrets[0].source: undefined secret "nope"',
      'compose.yaml:5:20  services.web.deploy.mode: must be one of: replicated, global, replicated-job, global-job (got "everywhere")',
      'compose.yaml:6:22  services.web.ports[0].target: must be a port between 1 and 65535, got 0',
      'compose.yaml:7:37  services.web.volumes[0].source: a tmpfs mount takes no source',
      'compose.yaml:8:28  services.web.healthcheck.retries: must be zero or more, got -1',
      'compose.yaml:12:15  services.api.networks.nope: undefined network "nope"',
      'compose.yaml:13:14  services.api.restart: must be one of: no, always, unless-stopped, on-failure[:N] (got "sometimes")',
      'compose.yaml:14:18  services.api.depends_on.web: depends_on cycle: api → web → api',
      'compose.yaml:16:23  volumes.v.driver: cannot be used with external: true',
      'compose.yaml:18:3  secrets.s: has no source: set file, driver or external',
      'compose.yaml:20:3  configs.c: has no source: set file or external',
    ]);
  });
});

describe('collectModelWarnings', () => {
  test('keys docker ignores on external networks, secrets and configs', async () => {
    const text = dedent`
      services: {}
      networks:
        traefik: {external: true, driver: overlay}
        own: {driver: overlay}
      secrets:
        token: {external: true, file: ./token}
    `;
    const parsed = parseComposeFile({ displayPath: 'compose.yaml', absolutePath: '/project/compose.yaml', text });
    if (!parsed.document) throw new Error('parse failed');
    const { model } = await buildModel(parsed.document, {
      workingDir: '/project',
      files: [],
      format: 'v3',
      variables: noVariables,
      env: {},
    });
    expect(collectModelWarnings(model, parsed.document.sourceMap).map(formatProblem)).toEqual([
      'compose.yaml:3:29  networks.traefik.driver: ignored: the network is external',
      'compose.yaml:6:27  secrets.token.file: ignored: the secret is external',
    ]);
  });

  async function warningsOf(text: string): Promise<string[]> {
    const parsed = parseComposeFile({ displayPath: 'compose.yaml', absolutePath: '/project/compose.yaml', text });
    if (!parsed.document) throw new Error('parse failed');
    const { model } = await buildModel(parsed.document, {
      workingDir: '/project',
      files: [],
      format: 'spec',
      variables: noVariables,
      env: {},
    });
    expect(validateModel(model, parsed.document.sourceMap)).toEqual([]);
    return collectModelWarnings(model, parsed.document.sourceMap).map(formatProblem);
  }

  test('depends_on naming a service not in the stack (an override file meant for another -c)', async () => {
    const text = dedent`
      services:
        web:
          image: x
          depends_on: {db: {condition: service_started}, cache: {condition: service_started, required: false}}
        api: {image: x, depends_on: {wbe: {condition: service_started}}}
    `;
    expect(await warningsOf(text)).toEqual([
      'compose.yaml:4:18  services.web.depends_on.db: ignored: "db" is not a service of this stack\n' +
        '  hint: pass the file that defines it with another -c, or remove the entry (or mark it required: false)',
      'compose.yaml:5:32  services.api.depends_on.wbe: ignored: "wbe" is not a service of this stack\n' +
        '  hint: did you mean "web"?',
    ]);
  });

  test('spread over anything but a node or engine label: accepted, with a warning (swarm skips it)', async () => {
    const text = dedent`
      services:
        web:
          image: x
          deploy:
            placement:
              preferences: [spread: node.id, {spread: node.labels.zone}, {spread: ENGINE.LABELS.disk}, {spread: node.hostname}, {spread: node.labels.}]
    `;
    const because = "has no effect: swarm spreads only over node or engine labels, and already spreads a service's tasks over the nodes";
    const hint = '\n  hint: remove it, or spread over node.labels.<name> or engine.labels.<name>';
    expect(await warningsOf(text)).toEqual([
      `compose.yaml:6:31  services.web.deploy.placement.preferences[0].spread: spread over "node.id" ${because}${hint}`,
      `compose.yaml:6:107  services.web.deploy.placement.preferences[3].spread: spread over "node.hostname" ${because}${hint}`,
      `compose.yaml:6:132  services.web.deploy.placement.preferences[4].spread: spread over "node.labels." ${because}${hint}`,
    ]);
  });
});
