import type { ProblemCode } from '../errors/codes.js';
import { isIP } from 'node:net';
import type { InputProblem } from '../errors/problem.js';
import { SourceMap, formatPath, type KeyPath } from './source-map.js';
import { PathTable, type PathPattern } from './tree-paths.js';
import { isTreeMap, mapFromEntries, mapValues, setEntry, type TreeMap } from './tree.js';
import type { ComposeDocument, Tree } from './types.js';
import { formatGoNumber } from '../docker/units.js';

/*
 * Phase 7: short syntax → long syntax, per the CANONICAL TREE section of docs/loader.md. Values stay untyped
 * (durations and sizes as written); only the shapes change. The rules follow docker/cli's loader transforms
 * (cli/compose/loader/loader.go, internal/volumespec, go-connections/nat) so the expanded entries are the ones
 * `docker stack deploy` would build. The schema phase ran before this one, but every rule still checks shapes
 * and reports a problem instead of throwing.
 */

/** Result of phase 7 for one document. */
export interface CanonicalResult {
  document: ComposeDocument;
  problems: InputProblem[];
}

/** What a rule may do besides returning the new value: report problems and say where new nodes came from. */
interface RuleContext {
  /** Reports a problem at `relative` below the rule's path (the rule's own node when omitted). */
  problem(code: ProblemCode, message: string, relative?: KeyPath): void;
  /** The new child `to` of the rule's node was made from the input node at `from` (relative; [] is the node itself). */
  origin(to: string | number, from: KeyPath): void;
  /** Go's text for the number at `relative`, when the JS number cannot give it (see NodeOrigin.goText). */
  goText(relative: KeyPath): string | undefined;
}

/** A rewrite of one node; returns the value unchanged (the same object) when there is nothing to do. */
type Rewrite = (value: unknown, ctx: RuleContext) => unknown;

interface Rule {
  pattern: PathPattern;
  rewrite: Rewrite;
}

function rule(pattern: PathPattern, rewrite: Rewrite): Rule {
  return { pattern, rewrite };
}

/* ---------- scalars formatted like Go's fmt.Sprint ---------- */

/** A scalar as Go's fmt.Sprint prints it (strings unchanged). */
function goString(value: unknown): string {
  if (typeof value === 'number') return formatGoNumber(value);
  return String(value);
}

/* ---------- mapping-or-list keys (environment, labels, ...) ---------- */

/**
 * `KEY=VALUE` list or mapping → mapping with string values. With `allowNull` (environment, build.args) a bare
 * `KEY` or a null value stays null ("take it from the shell or leave unset"); otherwise it becomes "".
 */
function mappingOrList(allowNull: boolean): Rewrite {
  return (value, ctx) => {
    if (Array.isArray(value)) {
      const out: TreeMap = {};
      value.forEach((item, index) => {
        const text = (typeof item === 'number' ? ctx.goText([index]) : undefined) ?? goString(item);
        const eq = text.indexOf('=');
        const key = eq === -1 ? text : text.slice(0, eq);
        setEntry(out, key, eq === -1 ? (allowNull ? null : '') : text.slice(eq + 1));
        ctx.origin(key, [index]);
      });
      return out;
    }
    if (isTreeMap(value)) return stringMap(value, allowNull, ctx);
    return value;
  };
}

function stringMap(value: TreeMap, allowNull: boolean, ctx: RuleContext): TreeMap {
  let changed = false;
  const out = mapFromEntries(
    Object.entries(value).map(([key, item]) => {
      ctx.origin(key, [key]);
      const converted =
        item === null || item === undefined
          ? allowNull
            ? null
            : ''
          : ((typeof item === 'number' ? ctx.goText([key]) : undefined) ?? goString(item));
      if (converted !== item) changed = true;
      return [key, converted];
    }),
  );
  return changed ? out : value;
}

/** Mappings whose values docker reads as strings (driver_opts, logging options): numbers become strings. */
const stringValues: Rewrite = (value, ctx) => (isTreeMap(value) ? stringMap(value, false, ctx) : value);

/* ---------- small list forms ---------- */

/** A single string becomes a one-element list (dns, dns_search, tmpfs). */
const stringOrList: Rewrite = (value, ctx) => {
  if (typeof value !== 'string') return value;
  ctx.origin(0, []);
  return [value];
};

/** `secrets: [name]` / `configs: [name]` → `{source: name}`. */
const fileReferences: Rewrite = (value, ctx) => {
  if (!Array.isArray(value)) return value;
  return value.map((item, index) => {
    ctx.origin(index, [index]);
    if (typeof item === 'string') return { source: item };
    return item;
  });
};

/** Service `networks`: list → mapping; a null entry → {}. */
const serviceNetworks: Rewrite = (value, ctx) => {
  if (Array.isArray(value)) {
    const out: TreeMap = {};
    value.forEach((item, index) => {
      const name = goString(item);
      setEntry(out, name, {});
      ctx.origin(name, [index]);
    });
    return out;
  }
  if (isTreeMap(value)) {
    return mapFromEntries(
      Object.entries(value).map(([name, item]) => {
        ctx.origin(name, [name]);
        return [name, item === null || item === undefined ? {} : item];
      }),
    );
  }
  return value;
};

/** `env_file`: string or list of strings/objects → list of `{path, required}` (required defaults to true). */
const envFiles: Rewrite = (value, ctx) => {
  const items = typeof value === 'string' ? [value] : Array.isArray(value) ? value : undefined;
  if (!items) return value;
  return items.map((item, index) => {
    ctx.origin(index, typeof value === 'string' ? [] : [index]);
    if (typeof item === 'string') return { path: item, required: true };
    if (isTreeMap(item)) return { ...item, required: item.required ?? true };
    return item;
  });
};

/** `depends_on` list → mapping with `condition: service_started`. */
const dependsOn: Rewrite = (value, ctx) => {
  if (!Array.isArray(value)) return value;
  const out: TreeMap = {};
  value.forEach((item, index) => {
    const name = goString(item);
    setEntry(out, name, { condition: 'service_started' });
    ctx.origin(name, [index]);
  });
  return out;
};

/** `healthcheck.test` string → `["CMD-SHELL", string]`. */
const healthcheckTest: Rewrite = (value, ctx) => {
  if (typeof value !== 'string') return value;
  ctx.origin(0, []);
  ctx.origin(1, []);
  return ['CMD-SHELL', value];
};

/** `build: ./dir` → `{context: ./dir}`. */
const buildContext: Rewrite = (value, ctx) => {
  if (typeof value !== 'string') return value;
  ctx.origin('context', []);
  return { context: value };
};

/**
 * `extra_hosts`: list of `host:ip` or `host=ip` (entries without a separator are dropped) or a mapping (sorted;
 * null values dropped) → list of `host:ip`, with brackets around an IPv6 address removed.
 */
const extraHosts: Rewrite = (value, ctx) => {
  let pairs: { text: string; from: KeyPath }[];
  if (Array.isArray(value)) {
    pairs = value.flatMap((item, index) => {
      const text = goString(item);
      const eq = text.indexOf('=');
      if (eq !== -1) return [{ text: `${text.slice(0, eq)}:${text.slice(eq + 1)}`, from: [index] }];
      return text.includes(':') ? [{ text, from: [index] }] : [];
    });
  } else if (isTreeMap(value)) {
    pairs = Object.entries(value)
      .filter(([, ip]) => ip !== null && ip !== undefined)
      .map(([host, ip]) => ({ text: `${host}:${goString(ip)}`, from: [host] }))
      .sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
  } else {
    return value;
  }
  return pairs.map((pair, index) => {
    ctx.origin(index, pair.from);
    const colon = pair.text.indexOf(':');
    const host = pair.text.slice(0, colon);
    let ip = pair.text.slice(colon + 1);
    if (ip.length > 2 && ip.startsWith('[') && ip.endsWith(']')) ip = ip.slice(1, -1);
    return `${host}:${ip}`;
  });
};

/* ---------- ports ---------- */

/** One expanded port entry of the canonical tree. */
interface PortEntry {
  target: number;
  published?: number;
  protocol: string;
  mode: 'ingress';
  host_ip?: string;
  short: true;
}

/** Go's parsePortNumber: base-10 (sign allowed), 0-65535. */
function parsePortNumber(text: string): number | undefined {
  if (!/^[+-]?\d+$/.test(text)) return undefined;
  const value = Number(text);
  return value >= 0 && value <= 65535 ? value : undefined;
}

/** Go's parsePortRange: `N` or `N-M` with M ≥ N. */
function parsePortRange(text: string): [number, number] | undefined {
  const dash = text.indexOf('-');
  const startText = dash === -1 ? text : text.slice(0, dash);
  const start = parsePortNumber(startText);
  if (start === undefined) return undefined;
  if (dash === -1 || startText === text.slice(dash + 1)) return [start, start];
  const end = parsePortNumber(text.slice(dash + 1));
  if (end === undefined || end < start) return undefined;
  return [start, end];
}

/**
 * Expands one short port spec (`[IP:][HOST:]CONTAINER[/PROTO]`, ranges allowed) like docker's
 * nat.ParsePortSpec + ConvertPortToPortConfig: one entry per container port (or per host port when a single
 * container port gets a host range), sorted by the string key "PORT/PROTO" as docker sorts them.
 */
export function expandShortPort(spec: string): PortEntry[] | string {
  const parts = spec.split(':');
  let ip = '';
  let hostPort = '';
  let container: string;
  if (parts.length === 1) container = parts[0] ?? '';
  else if (parts.length === 2) [hostPort = '', container = ''] = parts;
  else {
    container = parts[parts.length - 1] ?? '';
    hostPort = parts[parts.length - 2] ?? '';
    ip = parts.slice(0, -2).join(':');
  }
  const slash = container.indexOf('/');
  const containerPort = slash === -1 ? container : container.slice(0, slash);
  const protocol = (slash === -1 ? 'tcp' : container.slice(slash + 1) || 'tcp').toLowerCase();
  if (containerPort === '') return `no port specified: ${spec}<empty>`;
  if (!['tcp', 'udp', 'sctp'].includes(protocol)) return `invalid proto: ${protocol}`;
  if (ip.startsWith('[')) {
    if (!ip.endsWith(']')) return `invalid IP address ${ip}`;
    ip = ip.slice(1, -1);
  }
  if (ip !== '' && (isIP(ip) === 0 || ip.includes('%'))) return `invalid IP address: ${ip}`;
  const containerRange = parsePortRange(containerPort);
  if (!containerRange) return `invalid containerPort: ${containerPort}`;
  const [start, end] = containerRange;
  let hostRange: [number, number] | undefined;
  if (hostPort !== '') {
    hostRange = parsePortRange(hostPort);
    if (!hostRange) return `invalid hostPort: ${hostPort}`;
    // A host range with a single container port is allowed: one entry per published port.
    if (end - start !== hostRange[1] - hostRange[0] && end !== start) {
      return `invalid ranges specified for container and host ports: ${containerPort} and ${hostPort}`;
    }
  }
  const mappings: { key: string; target: number; published: number[] }[] = [];
  for (let i = 0; i <= end - start; i++) {
    let published: number[] = [];
    if (hostRange) {
      const first = hostRange[0] + i;
      const last = end === start && hostRange[0] !== hostRange[1] ? hostRange[1] : first;
      published = Array.from({ length: last - first + 1 }, (_, k) => first + k);
    }
    mappings.push({ key: `${start + i}/${protocol}`, target: start + i, published });
  }
  // docker sorts the map keys as strings ("100/tcp" before "99/tcp").
  mappings.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return mappings.flatMap((mapping) => {
    const base = (published?: number): PortEntry => ({
      target: mapping.target,
      ...(published === undefined ? {} : { published }),
      protocol,
      mode: 'ingress',
      ...(ip === '' ? {} : { host_ip: ip }),
      short: true,
    });
    return mapping.published.length === 0 ? [base()] : mapping.published.map((p) => base(p));
  });
}

/** Long syntax `published` given as a string: a number or a range `A-B` (Compose Specification). */
function expandLongPort(item: TreeMap): TreeMap[] | string {
  const published = item.published;
  if (typeof published !== 'string') return [item];
  const range = parsePortRange(published);
  if (!range) return `invalid published port ${JSON.stringify(published)}`;
  const out: TreeMap[] = [];
  for (let p = range[0]; p <= range[1]; p++) out.push({ ...item, published: p });
  return out;
}

const ports: Rewrite = (value, ctx) => {
  if (!Array.isArray(value)) return value;
  const out: unknown[] = [];
  value.forEach((item, index) => {
    let expanded: unknown[] | string;
    if (typeof item === 'string' || typeof item === 'number') expanded = expandShortPort(String(item));
    else if (isTreeMap(item)) expanded = expandLongPort(item);
    else expanded = [item];
    if (typeof expanded === 'string') {
      ctx.problem('PORT_SYNTAX', `invalid port ${JSON.stringify(item)}: ${expanded}`, [index]);
      expanded = [item];
    }
    for (const entry of expanded) {
      // Every entry made from one item points at that item (a range in one string gives several).
      ctx.origin(out.length, [index]);
      out.push(entry);
    }
  });
  return out;
};

/* ---------- service volumes ---------- */

const PROPAGATIONS = ['shared', 'rshared', 'slave', 'rslave', 'private', 'rprivate'];

function isWindowsDrive(buffer: string, char: string): boolean {
  return char === ':' && buffer.length === 1 && /\p{L}/u.test(buffer);
}

function isFilePath(source: string): boolean {
  const first = source[0];
  if (first === '.' || first === '/' || first === '~') return true;
  const chars = [...source];
  if (chars.length === 1) return false;
  if (source.startsWith('\\\\')) return true;
  return isWindowsDrive(chars[0] ?? '', chars[1] ?? '');
}

/**
 * Parses `[SOURCE:]TARGET[:OPTIONS]` like docker's volumespec.Parse: a 1-2 character spec or a single field is an
 * anonymous volume; a drive letter (`C:`) is not a separator; `ro`, `rw`, `nocopy` and propagation names are
 * options, anything else (`z`, `cached`, ...) is ignored. Sources that look like paths are binds.
 */
export function parseShortVolume(spec: string): TreeMap | string {
  if (spec.length === 0) return 'invalid empty volume spec';
  if (spec.length <= 2) return { type: 'volume', target: spec };
  let source = '';
  let target = '';
  let readOnly = false;
  let propagation: string | undefined;
  let nocopy = false;
  let buffer = '';
  const chars = [...spec, ''];
  for (const char of chars) {
    if (isWindowsDrive(buffer, char)) {
      buffer += char;
      continue;
    }
    if (char !== ':' && char !== '') {
      buffer += char;
      continue;
    }
    const end = char === '';
    if (buffer === '') return `invalid spec: ${spec}: empty section between colons`;
    if (source === '' && end) target = buffer;
    else if (source === '') source = buffer;
    else if (target === '') target = buffer;
    else if (!end) return `invalid spec: ${spec}: too many colons`;
    else {
      for (const option of buffer.split(',')) {
        if (option === 'ro') readOnly = true;
        else if (option === 'rw') readOnly = false;
        else if (option === 'nocopy') nocopy = true;
        else if (PROPAGATIONS.includes(option)) propagation = option;
      }
    }
    buffer = '';
  }
  const type = source !== '' && isFilePath(source) ? 'bind' : 'volume';
  return {
    type,
    ...(source === '' ? {} : { source }),
    target,
    ...(readOnly ? { read_only: true } : {}),
    ...(propagation ? { bind: { propagation } } : {}),
    ...(nocopy ? { volume: { nocopy: true } } : {}),
  };
}

const serviceVolumes: Rewrite = (value, ctx) => {
  if (!Array.isArray(value)) return value;
  return value.map((item, index) => {
    ctx.origin(index, [index]);
    if (typeof item !== 'string') return item;
    const parsed = parseShortVolume(item);
    if (typeof parsed === 'string') {
      ctx.problem('VOLUME_SYNTAX', parsed, [index]);
      return item;
    }
    return parsed;
  });
};

/* ---------- top-level objects ---------- */

/** Top-level `networks`/`volumes`/`secrets`/`configs` entry: null → {}; `external: {name}` → `external: true` + `name`. */
const topLevelObject: Rewrite = (value, ctx) => {
  if (value === null || value === undefined) return {};
  if (!isTreeMap(value) || !isTreeMap(value.external)) return value;
  const external = value.external;
  const externalName = external.name;
  const out: TreeMap = {};
  for (const [key, item] of Object.entries(value)) {
    ctx.origin(key, [key]);
    if (key !== 'external') {
      setEntry(out, key, item);
      continue;
    }
    setEntry(out, 'external', true);
    if (externalName === undefined || externalName === null) continue;
    if (value.name !== undefined && value.name !== null) {
      ctx.problem('EXTERNAL_NAME_CONFLICT', 'external.name and name conflict; only use name', ['external', 'name']);
      continue;
    }
    setEntry(out, 'name', externalName);
    ctx.origin('name', ['external', 'name']);
  }
  return out;
};

/** The rules of phase 7, applied top-down: a rule's output is visited again for rules deeper in the tree. */
const RULES = new PathTable<Rule>([
  rule('services.*.build', buildContext),
  rule('services.*.build.args', mappingOrList(true)),
  rule('services.*.build.labels', mappingOrList(false)),
  rule('services.*.ports', ports),
  rule('services.*.volumes', serviceVolumes),
  rule('services.*.secrets', fileReferences),
  rule('services.*.configs', fileReferences),
  rule('services.*.networks', serviceNetworks),
  rule('services.*.networks.*.driver_opts', stringValues),
  rule('services.*.environment', mappingOrList(true)),
  rule('services.*.labels', mappingOrList(false)),
  rule('services.*.annotations', mappingOrList(false)),
  rule('services.*.sysctls', mappingOrList(false)),
  rule('services.*.deploy.labels', mappingOrList(false)),
  rule('services.*.logging.options', stringValues),
  rule('services.*.extra_hosts', extraHosts),
  rule('services.*.dns', stringOrList),
  rule('services.*.dns_search', stringOrList),
  rule('services.*.tmpfs', stringOrList),
  rule('services.*.env_file', envFiles),
  rule('services.*.depends_on', dependsOn),
  rule('services.*.healthcheck.test', healthcheckTest),
  rule('networks.*', topLevelObject),
  rule('networks.*.driver_opts', stringValues),
  rule('networks.*.labels', mappingOrList(false)),
  rule('volumes.*', topLevelObject),
  rule('volumes.*.driver_opts', stringValues),
  rule('volumes.*.labels', mappingOrList(false)),
  rule('secrets.*', topLevelObject),
  rule('secrets.*.driver_opts', stringValues),
  rule('secrets.*.labels', mappingOrList(false)),
  rule('configs.*', topLevelObject),
  rule('configs.*.labels', mappingOrList(false)),
]);

/**
 * Phase 7: expands every short form of one document into the canonical tree. The new source map is built while
 * walking: each output node takes the position of the input node it came from (a rule says which, e.g. every
 * port expanded from one string points at that string); nodes a rule invents (the fields of an expanded port)
 * get none, so lookups fall back to the node that produced them.
 */
export function canonicalize(doc: ComposeDocument): CanonicalResult {
  const problems: InputProblem[] = [];
  const sourceMap = new SourceMap();

  /** `oldPath`: where this node was in the input, or undefined when a rule made it up. */
  const visit = (value: unknown, path: KeyPath, oldPath: KeyPath | undefined): unknown => {
    const origin = oldPath ? doc.sourceMap.get(oldPath) : undefined;
    if (origin) sourceMap.set(path, origin);
    let current = value;
    let childOrigins: Map<string | number, KeyPath> | undefined;
    const matched = RULES.find(path);
    if (matched) {
      const origins = new Map<string | number, KeyPath>();
      const ctx: RuleContext = {
        problem: (code, message, relative = []) => {
          const at = [...path, ...relative];
          const location = oldPath ? doc.sourceMap.locate([...oldPath, ...relative]) : sourceMap.locate(at);
          problems.push({ code, message, path: formatPath(at), location });
        },
        origin: (to, from) => origins.set(to, from),
        goText: (relative) => (oldPath ? doc.sourceMap.get([...oldPath, ...relative])?.goText : undefined),
      };
      const result = matched.rewrite(value, ctx);
      if (result !== value) {
        current = result;
        childOrigins = origins;
      }
    }
    const childOld = (key: string | number): KeyPath | undefined => {
      if (!oldPath) return undefined;
      if (!childOrigins) return [...oldPath, key];
      const from = childOrigins.get(key);
      return from ? [...oldPath, ...from] : undefined;
    };
    if (Array.isArray(current)) return current.map((item, i) => visit(item, [...path, i], childOld(i)));
    if (isTreeMap(current)) return mapValues(current, (item, key) => visit(item, [...path, key], childOld(key)));
    return current;
  };

  const tree = visit(doc.tree, [], []) as Tree;
  return { document: { ...doc, tree, sourceMap }, problems };
}
