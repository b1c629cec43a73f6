import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadStack } from '../../../src/compose/load.js';
import type { LoadResult } from '../../../src/compose/types.js';
import { InputError, type InputProblem } from '../../../src/errors/index.js';
import { formatProblem } from '../../../src/errors/problem.js';
import { dedent } from '../../helpers/dedent.js';

/*
 * The compatibility rule (docs/compose-compatibility.md), through the whole loader: files `docker stack deploy`
 * deploys as their authors meant load (with a warning where there is a cleaner way to write them); what would be
 * published, ordered or substituted other than the file says is refused, with a way out.
 */

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'stack-compat-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function load(yaml: string, env: Record<string, string> = {}): Promise<LoadResult> {
  await writeFile(path.join(dir, 'compose.yaml'), yaml);
  return loadStack({ files: ['compose.yaml'], cwd: dir, env });
}

async function problems(yaml: string, env: Record<string, string> = {}): Promise<string[]> {
  try {
    await load(yaml, env);
  } catch (error) {
    if (error instanceof InputError) return error.problems.map((p: InputProblem) => formatProblem(p));
    throw error;
  }
  throw new Error('expected an InputError');
}

const codes = (result: LoadResult): string[] => result.warnings.map((w) => `${w.code} ${w.path}`);

describe('a $ that starts no variable', () => {
  it('keeps a bcrypt hash in a default literally, as docker does, with one warning', async () => {
    const result = await load(dedent`
      services:
        traefik:
          image: traefik
          deploy:
            labels:
              traefik.http.middlewares.auth.basicauth.users: "admin:\${PASS:-$2y$05$oZcjG0ls7Ww0ZpVbqVd0Ce}"
    `);
    expect(result.model.services.traefik?.deploy?.labels).toEqual({
      'traefik.http.middlewares.auth.basicauth.users': 'admin:$2y$05$oZcjG0ls7Ww0ZpVbqVd0Ce',
    });
    expect(codes(result)).toEqual(['LITERAL_DOLLAR services.traefik.deploy.labels.traefik.http.middlewares.auth.basicauth.users']);
  });

  it('keeps "5$" and "$ " literally, and $$ needs no warning', async () => {
    const result = await load('services:\n  web:\n    image: x\n    command: ["echo", "costs 5$ today", "$$HOME"]\n');
    expect(result.model.services.web?.command).toEqual(['echo', 'costs 5$ today', '$HOME']);
    expect(codes(result)).toEqual(['LITERAL_DOLLAR services.web.command[1]']);
  });
});

describe('missing variables', () => {
  it('reports every missing variable of a string, each at the string', async () => {
    expect(
      await problems(dedent`
        services:
          web:
            image: x
            labels: ["traefik.auth=\${USERNAME?}:\${HASHED_PASSWORD?}"]
      `),
    ).toEqual([
      'compose.yaml:4:14  services.web.labels[0]: required variable USERNAME is missing a value\n' +
        '  hint: set the variable in the environment or in the .env file',
      'compose.yaml:4:14  services.web.labels[0]: required variable HASHED_PASSWORD is missing a value\n' +
        '  hint: set the variable in the environment or in the .env file',
    ]);
  });
});

describe('published ports with a host address', () => {
  const hint =
    '\n  hint: publish it in host mode (mode: host) and close the port to other hosts with a firewall on the nodes, ' +
    'or reach the service through a proxy on a shared network; write the port without an address to publish it everywhere';

  it('refuses a loopback or other address in the short syntax, once per entry (ranges included)', async () => {
    expect(
      await problems(dedent`
        services:
          web:
            image: x
            ports:
              - "127.0.0.1:49000:9000"
              - "10.0.0.5:5000-5001:5000-5001/udp"
              - "[::1]:8080:80"
              - "8081:81"
      `),
    ).toEqual([
      `compose.yaml:5:9  services.web.ports[0]: cannot publish on 127.0.0.1 only: swarm publishes a port on every address of every node${hint}`,
      `compose.yaml:6:9  services.web.ports[1]: cannot publish on 10.0.0.5 only: swarm publishes a port on every address of every node${hint}`,
      `compose.yaml:7:9  services.web.ports[3]: cannot publish on ::1 only: swarm publishes a port on every address of every node${hint}`,
    ]);
  });

  it('refuses host_ip in the long syntax (Compose Specification)', async () => {
    expect(
      await problems(dedent`
        services:
          web:
            image: x
            ports:
              - {target: 9000, published: 49000, host_ip: 127.0.0.1, mode: host}
      `),
    ).toEqual([
      `compose.yaml:5:9  services.web.ports[0]: cannot publish on 127.0.0.1 only: swarm publishes a port on every address of every node${hint}`,
    ]);
  });

  it('accepts the addresses that mean every address', async () => {
    const result = await load(dedent`
      services:
        web:
          image: x
          ports: ["0.0.0.0:8080:80", "[::]:8443:443", {target: 53, published: 53, host_ip: "0.0.0.0"}]
    `);
    expect(result.model.services.web?.ports?.map((p) => p.published)).toEqual([8080, 8443, 53]);
    expect(result.warnings).toEqual([]);
  });
});

describe('depends_on', () => {
  it('loads an override file whose depends_on names a service of another file, with a warning', async () => {
    const result = await load('services:\n  web:\n    image: x\n    depends_on: [db]\n');
    expect(result.warnings.map((w) => formatProblem(w))).toEqual([
      'compose.yaml:4:18  services.web.depends_on.db: ignored: "db" is not a service of this stack\n' +
        '  hint: pass the file that defines it with another -c, or remove the entry (or mark it required: false)',
    ]);
  });

  it('refuses a cycle, naming it', async () => {
    expect(
      await problems(dedent`
        services:
          service1: {image: x, depends_on: [service2]}
          service2: {image: x, depends_on: [service3]}
          service3: {image: x, depends_on: [service1]}
      `),
    ).toEqual([
      'compose.yaml:2:37  services.service1.depends_on.service2: depends_on cycle: service1 → service2 → service3 → service1\n' +
        '  hint: remove one of these depends_on entries: services that need each other must start without waiting',
    ]);
  });
});

describe('placement preferences', () => {
  it('accepts spread: node.id (popular swarm guides) with a warning', async () => {
    const result = await load(dedent`
      version: "3.8"
      services:
        web:
          image: x
          deploy:
            placement:
              preferences:
                - spread: node.id
    `);
    expect(result.model.services.web?.deploy?.placement?.preferences).toEqual([{ spread: 'node.id' }]);
    expect(codes(result)).toEqual(['INEFFECTIVE_PREFERENCE services.web.deploy.placement.preferences[0].spread']);
  });
});
