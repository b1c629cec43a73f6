import { parseGoDuration } from '../../docker/units.js';

/**
 * Custom JSON-schema formats, shared by the validators compiled at run time (tests, development) and the ones
 * generated ahead of time by scripts/build-validators.mjs (the built CLI), so both accept exactly the same input.
 */
export const duration = { type: 'string' as const, validate: (text: string): boolean => parseGoDuration(text) !== undefined };

/** Options both compilations use; the generated code must come from the same settings. */
export const AJV_OPTIONS = { allErrors: true, verbose: true, strict: true, strictTypes: false, allowUnionTypes: true } as const;
