import { readFile } from 'node:fs/promises';
import { ProblemList } from '../errors/stack-error.js';
import type { StackModel } from '../model/stack-model.js';
import type { SourceMap } from './source-map.js';

/** Contents of the stack's file-backed secrets and configs, by Compose key. Never printed or logged. */
export interface ObjectData {
  secretData: Map<string, Uint8Array>;
  configData: Map<string, Uint8Array>;
}

/**
 * Reads the bytes of every non-external secret and config that has a source (`file`, or in the Compose
 * Specification `environment` / `content`). A missing file or variable is an input problem at the declaration.
 */
export async function readObjectData(
  model: StackModel,
  sourceMap: SourceMap,
  env: Record<string, string | undefined>,
): Promise<ObjectData> {
  const problems = new ProblemList();
  const read = async (
    kind: 'secrets' | 'configs',
    key: string,
    source: { file?: string; environment?: string; content?: string; external?: boolean; driver?: string },
  ): Promise<Uint8Array | undefined> => {
    if (source.external || source.driver) return undefined;
    if (source.content !== undefined) return Buffer.from(source.content, 'utf8');
    if (source.environment !== undefined) {
      const value = env[source.environment];
      if (value === undefined) {
        problems.add({
          code: 'OBJECT_ENV_MISSING',
          path: `${kind}.${key}.environment`,
          message: `variable ${source.environment} is not set`,
          location: sourceMap.locate([kind, key, 'environment']),
          hint: `export ${source.environment} before running stack`,
        });
        return undefined;
      }
      return Buffer.from(value, 'utf8');
    }
    if (source.file === undefined) return undefined;
    try {
      return await readFile(source.file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      problems.add({
        code: 'OBJECT_FILE_UNREADABLE',
        path: `${kind}.${key}.file`,
        message:
          code === 'ENOENT'
            ? `file not found (resolved to ${source.file})`
            : code === 'EISDIR'
              ? `is a directory, not a file (resolved to ${source.file})`
              : `cannot be read (${code ?? 'error'}, resolved to ${source.file})`,
        location: sourceMap.locate([kind, key, 'file']),
        ...(code === 'ENOENT'
          ? { hint: `${kind}.*.file paths are relative to the directory of the first Compose file` }
          : {}),
      });
      return undefined;
    }
  };
  const secretData = new Map<string, Uint8Array>();
  const configData = new Map<string, Uint8Array>();
  for (const [key, secret] of Object.entries(model.secrets)) {
    const data = await read('secrets', key, secret);
    if (data) secretData.set(key, data);
  }
  for (const [key, config] of Object.entries(model.configs)) {
    const data = await read('configs', key, config);
    if (data) configData.set(key, data);
  }
  problems.throwIfAny();
  return { secretData, configData };
}
