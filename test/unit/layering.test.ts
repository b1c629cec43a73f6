import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// The import rules the README's Design section states, checked on the source so that the text and the code cannot
// drift apart. A folder is the first path segment under src/; `type` imports are erased at build time and may point
// at any stage's types where a rule says so.

interface Edge {
  file: string;
  from: string;
  to: string;
  typeOnly: boolean;
}

const SRC = join(import.meta.dirname, '..', '..', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

function folderOf(path: string): string {
  const parts = relative(SRC, path).split('/');
  return parts.length > 1 ? (parts[0] ?? '.') : '.';
}

/** Every import of a source file: static, re-exports and dynamic `import('...')`; packages as `pkg:NAME`. */
function importsOf(file: string): Edge[] {
  const text = readFileSync(file, 'utf8');
  const from = folderOf(file);
  const edges: Edge[] = [];
  const add = (spec: string, typeOnly: boolean): void => {
    if (spec.startsWith('.')) edges.push({ file: relative(SRC, file), from, to: folderOf(normalize(join(dirname(file), spec))), typeOnly });
    else edges.push({ file: relative(SRC, file), from, to: `pkg:${spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]}`, typeOnly });
  };
  for (const m of text.matchAll(/^(?:import|export)\s+(type\s+)?[^;]*?\sfrom\s+'([^']+)'/gms)) add(m[2] ?? '', m[1] !== undefined);
  for (const m of text.matchAll(/^import\s+'([^']+)'/gm)) add(m[1] ?? '', false);
  for (const m of text.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)) add(m[1] ?? '', false);
  return edges;
}

const EDGES = sourceFiles(SRC).flatMap(importsOf).filter((e) => e.to !== e.from);

/** The edges breaking a rule, as `file -> folder` lines, so a failure names the import to move. */
function breaking(test: (edge: Edge) => boolean): string[] {
  return EDGES.filter(test).map((e) => `${e.file} -> ${e.to}${e.typeOnly ? ' (type)' : ''}`);
}

const STAGES = ['compose', 'convert', 'model', 'plan', 'apply', 'history', 'inspect', 'swarm', 'render', 'docker', 'errors'];

describe('imports point one way, as the README Design section says', () => {
  it('finds the imports it checks', () => {
    expect(EDGES.length).toBeGreaterThan(200);
    expect(EDGES.some((e) => e.from === 'commands' && e.to === 'workflows' && !e.typeOnly)).toBe(true);
  });

  it('stages never import a workflow or a command', () => {
    expect(breaking((e) => STAGES.includes(e.from) && (e.to === 'workflows' || e.to === 'commands'))).toEqual([]);
  });

  it('only src/swarm/ talks to the Engine (docker-modem)', () => {
    expect(breaking((e) => e.to === 'pkg:docker-modem' && e.from !== 'swarm')).toEqual([]);
  });

  it('swarm/ imports no plan/, history/, apply/, inspect/, render/ or compose/ module', () => {
    const above = ['plan', 'history', 'apply', 'inspect', 'render', 'compose'];
    expect(breaking((e) => e.from === 'swarm' && above.includes(e.to))).toEqual([]);
  });

  it('render/ is the only importer of chalk and listr2, and reads other stages as types or pure helpers, never a swarm/ function', () => {
    expect(breaking((e) => (e.to === 'pkg:chalk' || e.to === 'pkg:listr2') && e.from !== 'render')).toEqual([]);
    expect(breaking((e) => e.from === 'render' && e.to === 'swarm' && !e.typeOnly)).toEqual([]);
  });

  it('plan/ is pure: no apply/, history/ or render/ module, and swarm/ only for the live objects types', () => {
    expect(breaking((e) => e.from === 'plan' && ['apply', 'history', 'render', 'inspect'].includes(e.to))).toEqual([]);
    expect(breaking((e) => e.from === 'plan' && e.to === 'swarm' && !e.typeOnly)).toEqual([]);
  });

  it('convert/ and docker/ depend only on the rules below them', () => {
    expect(breaking((e) => e.from === 'convert' && !['docker', 'errors', 'model'].includes(e.to))).toEqual([]);
    expect(breaking((e) => e.from === 'docker' && !e.to.startsWith('pkg:node:'))).toEqual([]);
  });

  it('the folders form no cycle', () => {
    const graph = new Map<string, Set<string>>();
    for (const e of EDGES) if (!e.to.startsWith('pkg:')) graph.set(e.from, (graph.get(e.from) ?? new Set()).add(e.to));
    const cycles: string[] = [];
    const visit = (node: string, path: string[]): void => {
      if (path.includes(node)) {
        cycles.push([...path.slice(path.indexOf(node)), node].join(' -> '));
        return;
      }
      for (const next of graph.get(node) ?? []) visit(next, [...path, node]);
    };
    for (const node of graph.keys()) visit(node, []);
    expect(cycles).toEqual([]);
  });
});
