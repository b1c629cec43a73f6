import type { InputProblem } from '../errors/problem.js';
import type { StackModel } from '../model/stack-model.js';
import type { SourceMap } from './source-map.js';

/** One input file as read from disk or stdin, already decoded to text. */
export interface SourceFile {
  /** The path as the user wrote it (`<stdin>` for standard input); used in messages. */
  displayPath: string;
  /** Absolute path ("-" for stdin). */
  absolutePath: string;
  text: string;
}

/** A plain JSON-like tree (what YAML parsing yields after our scalar rules). */
export type Tree = Record<string, unknown>;

/**
 * A Compose document moving through the phases: the tree plus where each node came from.
 * Phases take documents and return new ones; they never print and never touch the cluster.
 */
export interface ComposeDocument {
  file: SourceFile;
  tree: Tree;
  sourceMap: SourceMap;
}

/** Variables used for interpolation and environment resolution, with where each came from. */
export interface Variables {
  get(name: string): string | undefined;
  has(name: string): boolean;
  /** Names with the file they came from (`.env`, `--env-file`) or `environment` for the process. */
  origin(name: string): string | undefined;
}

export interface LoadOptions {
  /** `-c` values as given: each may hold several comma-separated paths; `-` means stdin. */
  files: string[];
  /** `--env-file` values; when given they replace the default `.env` of the working directory. */
  envFiles?: string[];
  /** Directory the CLI runs in (relative `-c` paths resolve against it). */
  cwd: string;
  /** The process environment. */
  env: Record<string, string | undefined>;
  /** Reads standard input for `-c -`. */
  readStdin?: () => Promise<string>;
  /**
   * `--profile` values (each may hold several comma-separated names). When none is given, `COMPOSE_PROFILES` from the
   * variables (process environment, then `.env` / `--env-file`) is used, as docker compose does.
   */
  profiles?: string[];
}

export interface LoadResult {
  /** The model of the services that are enabled (`model.excludedServices` names those left out, and why). */
  model: StackModel;
  sourceMap: SourceMap;
  /** Non-fatal findings (ignored keys, deprecated syntax), each with its location. */
  warnings: InputProblem[];
}
