// Build step: bundles the compiled CLI (dist/, written by tsc and scripts/build-validators.mjs) and its dependencies
// into lib/ with esbuild, split into chunks (CommonJS modules, converted from esbuild's ES module chunks: below).
// Three entries: lib/cli.js (oclif's start-up, loaded by bin/run.js), lib/commands.js (the oclif `commands` target)
// and lib/help.js (the help class and the not-found hook, loaded only when help is shown or a command is not found);
// every `await import()` of a workflow becomes a chunk of its own, so each command still reads only what it runs.
// Node then reads a few large files instead of resolving and compiling some 300 CommonJS and ES modules in
// node_modules, and the package needs no dependencies at install time.
import { createHash } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = `${root}lib`;

/** Source edits the bundle needs; each must match exactly once, or the build fails (a dependency changed). */
const EDITS = [
  {
    // The precompiled validators are imported through a variable (so that the TypeScript sources, which have no
    // generated file, still compile); the bundle names the file so that esbuild includes it.
    file: /dist[\\/]compose[\\/]validate-schema\.js$/,
    from: 'await import(GENERATED)',
    to: "await import('./schema/validators.generated.js')",
  },
  // oclif loads its help classes (and ejs, for help templates) and a glob library when it is loaded; a command
  // that shows no help and a plugin found without globbing (the explicit command strategy) need neither. These
  // edits load them at their first use instead: about 40 ms of CPU of every command (docs/performance.md).
  {
    file: /@oclif[\\/]core[\\/]lib[\\/]main\.js$/,
    from: 'const help_1 = require("./help");',
    to: 'const help_1 = { getHelpFlagAdditions: (...a) => require("./help/util").getHelpFlagAdditions(...a), normalizeArgv: (...a) => require("./help/util").normalizeArgv(...a), loadHelpClass: (...a) => require("./help").loadHelpClass(...a) };',
  },
  {
    file: /@oclif[\\/]core[\\/]lib[\\/]errors[\\/]handle\.js$/,
    from: 'const index_1 = require("../help/index");',
    to: 'const index_1 = { get Help() { return require("../help/index").Help; } };',
  },
  {
    file: /@oclif[\\/]core[\\/]lib[\\/]flags\.js$/,
    from: 'const help_1 = require("./help");',
    to: 'const help_1 = { loadHelpClass: (...a) => require("./help").loadHelpClass(...a) };',
  },
  {
    file: /@oclif[\\/]core[\\/]lib[\\/]config[\\/]plugin\.js$/,
    from: 'const tinyglobby_1 = require("tinyglobby");',
    to: 'const tinyglobby_1 = { glob: (...a) => require("tinyglobby").glob(...a) };',
  },
  {
    // The `debug` library (and supports-color, tty) is loaded to print nothing unless DEBUG is set: oclif's logger
    // and docker-modem load it at their first debug line when DEBUG is set, as it is read once at that point.
    file: /@oclif[\\/]core[\\/]lib[\\/]logger\.js$/,
    from: 'const debug_1 = __importDefault(require("debug"));',
    to: 'const debug_1 = { default: (namespace) => { let real; return (...args) => { if (process.env.DEBUG) (real ??= require("debug")(namespace))(...args); }; } };',
  },
  {
    file: /docker-modem[\\/]lib[\\/]modem\.js$/,
    from: "debug = require('debug')('modem'),",
    to: "debug = (() => { let real; return (...args) => { if (process.env.DEBUG) (real ??= require('debug')('modem'))(...args); }; })(),",
  },
  {
    // docker-modem loads its ssh transport (ssh2 and its crypto) when it is loaded; in the bundle it is loaded at
    // the first ssh:// request instead (dist/swarm/docker-client.js does the same with the module cache outside
    // the bundle).
    file: /docker-modem[\\/]lib[\\/]modem\.js$/,
    from: "ssh = require('./ssh'),",
    to: "ssh = (options) => require('./ssh')(options),",
  },
  {
    // Its duplex stream (and the readable-stream package under it) serves only hijacked connections (attach);
    // plain requests never construct one.
    file: /docker-modem[\\/]lib[\\/]modem\.js$/,
    from: "HttpDuplex = require('./http_duplex'),",
    to: "HttpDuplex = function (req, res) { return new (require('./http_duplex'))(req, res); },",
  },
  // Edits in one table: [file, from, to].
  ...[
    // oclif's help runs every text it shows through ejs (loaded with the help, compiling each text into a
    // function); a text without `%` has no ejs tag (`<%`, or a stray `%>`, which ejs drops), so ejs would return it
    // unchanged.
    [/@oclif[\\/]core[\\/]lib[\\/]help[\\/]util\.js$/, 'const ejs_1 = __importDefault(require("ejs"));', 'const ejs_1 = { get default() { return __importDefault(require("ejs")).default; } };'],
    [/@oclif[\\/]core[\\/]lib[\\/]help[\\/]util\.js$/, 'return ejs_1.default.render(t, context);', 'return typeof t === "string" && !t.includes("%") ? t : ejs_1.default.render(t, context);'],
    // Node's child_process, perf_hooks and readline modules (about 10 ms of CPU together) are loaded by oclif and
    // by the WSL check it runs at start-up, for uses no command of stack reaches on Linux (child_process), only with
    // oclif's performance tracing on (perf_hooks), or for a flag read from stdin (readline): loaded at first use.
    [/@oclif[\\/]core[\\/]lib[\\/]parser[\\/]parse\.js$/, 'const node_readline_1 = require("node:readline");', 'const node_readline_1 = { createInterface: (...a) => require("node:readline").createInterface(...a) };'],
    [/@oclif[\\/]core[\\/]lib[\\/]util[\\/]os\.js$/, 'const node_child_process_1 = require("node:child_process");', 'const node_child_process_1 = { execSync: (...a) => require("node:child_process").execSync(...a) };'],
    [/@oclif[\\/]core[\\/]lib[\\/]performance\.js$/, 'const node_perf_hooks_1 = require("node:perf_hooks");', 'const node_perf_hooks_1 = { get performance() { return require("node:perf_hooks").performance; }, get PerformanceObserver() { return require("node:perf_hooks").PerformanceObserver; } };'],
    // Loaded by oclif at start for what stack never reaches: plugin patterns of `oclif.plugins` (minimatch), an rc
    // file searched only when package.json has no `oclif` section (lilconfig), the spinner shown only on a terminal
    // (cli-spinners' 30 KB of frames): loaded at first use.
    [/@oclif[\\/]core[\\/]lib[\\/]config[\\/]plugin-loader\.js$/, 'const minimatch_1 = require("minimatch");', 'const minimatch_1 = { minimatch: (...a) => require("minimatch").minimatch(...a) };'],
    [/@oclif[\\/]core[\\/]lib[\\/]util[\\/]read-pjson\.js$/, 'const lilconfig_1 = require("lilconfig");', 'const lilconfig_1 = { lilconfig: (...a) => require("lilconfig").lilconfig(...a) };'],
    [/@oclif[\\/]core[\\/]lib[\\/]ux[\\/]index\.js$/, 'const spinner_1 = __importDefault(require("./action/spinner"));', 'const spinner_1 = { get default() { return __importDefault(require("./action/spinner")).default; } };'],
    // The first localeCompare of a process builds ICU's collator (about 9 ms); oclif sorts the command ids of the
    // manifest with it at every start. stack's ids are lowercase ASCII words and hyphens, which code-unit order
    // sorts the same way.
    [/@oclif[\\/]core[\\/]lib[\\/]config[\\/]plugin\.js$/, '.sort((a, b) => a.id.localeCompare(b.id));', '.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));'],
    ...['wsl-utils', 'powershell-utils'].flatMap((pkg) => [
      [new RegExp(`${pkg}[\\\\/]index\\.js$`), "import childProcess from 'node:child_process';", ''],
      [new RegExp(`${pkg}[\\\\/]index\\.js$`), 'const execFile = promisify(childProcess.execFile);', "const execFile = (...a) => promisify(require('node:child_process').execFile)(...a);"],
    ]),
  ].map(([file, from, to]) => ({ file, from, to })),
];

const editPlugin = {
  name: 'stack-edits',
  setup(build) {
    // One loader per file: esbuild uses the first onLoad callback that answers, so a file's edits go together.
    const byFile = new Map();
    for (const edit of EDITS) byFile.set(edit.file.source, [...(byFile.get(edit.file.source) ?? []), edit]);
    for (const edits of byFile.values()) {
      build.onLoad({ filter: edits[0].file }, async (args) => {
        let text = await readFile(args.path, 'utf8');
        for (const edit of edits) {
          const count = text.split(edit.from).length - 1;
          if (count !== 1) throw new Error(`${args.path}: expected "${edit.from}" once, found it ${count} times`);
          text = text.replace(edit.from, edit.to);
        }
        return { contents: text, loader: 'js', resolveDir: args.path.replace(/[\\/][^\\/]*$/, '') };
      });
    }
    // Optional native add-ons of ssh2 (cpu-features, its sshcrypto binding): required inside try/catch, with a
    // pure JavaScript fallback. Left out of the bundle, so the fallback runs.
    build.onResolve({ filter: /^cpu-features$|\.node$/ }, (args) => ({ path: args.path, external: true }));
    // oclif requires the TypeScript compiler (inside try/catch) only to run a plugin's TypeScript sources in
    // development, which src/cli.ts turns off: 6 MB the bundle does without.
    build.onResolve({ filter: /^typescript$/ }, (args) => ({ path: args.path, external: true }));
  },
};

rmSync(out, { recursive: true, force: true });
const result = await esbuild.build({
  entryPoints: { cli: `${root}dist/cli.js`, commands: `${root}dist/commands/index.js`, help: `${root}dist/commands/help-class.js` },
  absWorkingDir: root,
  outdir: out,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunks/[name]-[hash]',
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'linked',
  metafile: true,
  logLevel: 'warning',
  plugins: [editPlugin],
});
if (process.env.STACK_BUNDLE_META) writeFileSync(process.env.STACK_BUNDLE_META, JSON.stringify(result.metafile));

// esbuild splits code into chunks only for ES modules; each chunk is then rewritten as a CommonJS module (its
// `import`s become `require` calls, `import()` a `require` in a promise), so that bin/run.js can compile the chunks
// with V8's code cache (bin/compile-cache.js): Node 20 has no code cache for ES modules. `"use strict"` keeps the
// strict mode the chunks ran in as ES modules. The CommonJS wrapper provides the `require`, `__filename` and
// `__dirname` that bundled CommonJS code uses. Nothing in the bundle uses top-level await (esbuild would refuse
// to convert it) or `import.meta`.
const hash = createHash('sha256');
for (const file of Object.keys(result.metafile.outputs).filter((f) => f.endsWith('.js')).sort()) {
  const path = `${root}${file}`;
  const converted = await esbuild.transform(await readFile(path, 'utf8'), {
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    supported: { 'dynamic-import': false },
    banner: '"use strict";',
    minifyWhitespace: true,
    minifySyntax: true,
    sourcefile: file,
  });
  if (/\bimport\.meta\b/.test(converted.code)) throw new Error(`${file}: import.meta left in a CommonJS chunk`);
  await writeFile(path, converted.code);
  hash.update(file).update(converted.code);
}
// `build` names this build for the code cache (bin/compile-cache.js): a cache is used only by the build that wrote it.
writeFileSync(`${out}/package.json`, `${JSON.stringify({ type: 'commonjs', build: hash.digest('hex').slice(0, 16) })}\n`);
const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
console.log(`bundle: ${Object.keys(result.metafile.outputs).length} files, ${(bytes / 1024).toFixed(0)} KiB in lib/`);
