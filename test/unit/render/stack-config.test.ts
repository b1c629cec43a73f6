import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadStack } from '../../../src/compose/load.js';
import { renderStackConfig } from '../../../src/render/stack-config.js';
import { dedent } from '../../helpers/dedent.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'stack-config-render-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('renderStackConfig (stack config)', () => {
  it('quotes strings a YAML 1.1 reader would take for booleans or numbers, and loads back to the same model', async () => {
    await writeFile(
      path.join(dir, 'compose.yaml'),
      dedent`
        services:
          web:
            image: nginx
            environment:
              DEBUG: "yes"
              VERBOSE: "on"
              MODE: "0755"
              COUNT: "1"
            labels:
              enabled: "no"
      `,
    );
    const first = await loadStack({ files: ['compose.yaml'], cwd: dir, env: {} });
    const text = renderStackConfig(first.model, 'yaml');
    expect(text).toContain('DEBUG: "yes"');
    expect(text).toContain('VERBOSE: "on"');
    expect(text).toContain('MODE: "0755"');
    expect(text).toContain('enabled: "no"');
    // A YAML 1.1 reader (docker compose v1, PyYAML, go-yaml v2) reads strings, not booleans.
    const asYaml11 = parse(text, { version: '1.1' }) as { services: { web: { environment: Record<string, unknown> } } };
    expect(asYaml11.services.web.environment).toMatchObject({ DEBUG: 'yes', VERBOSE: 'on', MODE: '0755', COUNT: '1' });
    await writeFile(path.join(dir, 'again.yaml'), text);
    const again = await loadStack({ files: ['again.yaml'], cwd: dir, env: {} });
    expect(again.model.services).toEqual(first.model.services);
  });
});
