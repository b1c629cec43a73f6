// V8 code cache for the bundle in lib/ (docs/performance.md): Node 20 has no `module.enableCompileCache` (22.1 and
// later), so the launcher compiles the bundle's CommonJS chunks itself, with `vm.Script` and the `cachedData` an
// earlier run wrote. V8 then skips parsing and compiling what the earlier run compiled: `stack config` of 200 services
// took 0.30 s of CPU instead of 0.34 s. A chunk compiled without an accepted cache (the first run of a build, another
// Node version, other V8 flags: V8 checks its version, its flags and the lengths of source and data) is cached when
// the process exits, with the functions that run compiled. Any failure to read or write the cache only leaves the
// chunk uncached. V8 does not checksum the data in Node 20's release builds: files are written whole and renamed, and
// a file altered in place by something else is cured by deleting the folder.
//
// Where: $STACK_COMPILE_CACHE, else $XDG_CACHE_HOME/stack, else ~/.cache/stack; one folder per build of lib/ (the
// `build` of lib/package.json, a hash of the bundle) and Node version. STACK_COMPILE_CACHE=0 turns it off.
'use strict';
const { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { homedir } = require('node:os');
const { dirname, join } = require('node:path');
const { Script } = require('node:vm');

/** Folders of other builds kept beside the current one (two installed versions used in turn keep their caches). */
const KEEP = 3;

/** The cache folder for the bundle in `lib` (a path ending in a separator), or undefined when caching is off. */
function cacheFolder(lib) {
  const setting = process.env.STACK_COMPILE_CACHE;
  if (setting === '0') return undefined;
  let base = setting;
  if (!base) {
    const xdg = process.env.XDG_CACHE_HOME;
    base = join(xdg && xdg.startsWith('/') ? xdg : join(homedir(), '.cache'), 'stack');
  }
  const { build } = JSON.parse(readFileSync(`${lib}package.json`, 'utf8'));
  if (typeof build !== 'string' || !/^[0-9a-f]+$/.test(build)) return undefined;
  return join(base, `v8-${build}-${process.version}-${process.arch}`);
}

/**
 * Creates `folder` and the folders above it that are missing, one at a time: Node 20's `mkdirSync(path,
 * { recursive: true })` never returns for a path under /proc (mkdir there answers "no such file" for ever).
 */
function makeFolder(folder) {
  const parts = folder.split('/');
  for (let i = 2; i <= parts.length; i++) {
    try {
      mkdirSync(parts.slice(0, i).join('/'));
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
  }
}

/** Removes the cache folders of other builds but the KEEP most recently written. */
function prune(folder) {
  const parent = dirname(folder);
  const others = readdirSync(parent)
    .filter((name) => name.startsWith('v8-') && join(parent, name) !== folder)
    .map((name) => ({ path: join(parent, name), mtime: statSync(join(parent, name)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const old of others.slice(KEEP)) rmSync(old.path, { recursive: true, force: true });
}

/**
 * Compiles the CommonJS modules under `lib` (a path ending in a separator) with the code cache, from here on. Other
 * modules are compiled by Node as before.
 */
function installCompileCache(lib) {
  let folder;
  try {
    folder = cacheFolder(lib);
  } catch {
    return;
  }
  if (!folder) return;
  const fresh = [];
  const compile = Module.prototype._compile;
  Module.prototype._compile = function (content, filename, ...rest) {
    if (!filename.startsWith(lib)) return compile.call(this, content, filename, ...rest);
    const file = join(folder, filename.slice(lib.length).replaceAll('/', '__'));
    let cachedData;
    try {
      cachedData = readFileSync(file);
    } catch {}
    const script = new Script(Module.wrap(content), { filename, cachedData });
    if (!cachedData || script.cachedDataRejected) fresh.push({ script, file });
    // What Node's own _compile passes to the module wrapper.
    const module = this;
    const require = (id) => module.require(id);
    require.resolve = (request, options) => Module._resolveFilename(request, module, false, options);
    require.resolve.paths = (request) => Module._resolveLookupPaths(request, module);
    require.main = process.mainModule;
    require.extensions = Module._extensions;
    require.cache = Module._cache;
    return script.runInThisContext().call(module.exports, module.exports, require, module, filename, dirname(filename));
  };
  process.once('exit', () => {
    if (fresh.length === 0) return;
    try {
      makeFolder(folder);
      for (const { script, file } of fresh) {
        // Written whole under another name, then renamed: a concurrent run reads the old file or the new one.
        const partial = `${file}.${process.pid}`;
        writeFileSync(partial, script.createCachedData());
        renameSync(partial, file);
      }
      prune(folder);
    } catch {}
  });
}

module.exports = { installCompileCache };
