import { familiarString, parseNormalizedNamed } from '../docker/image-reference.js';

/** Small formatting rules of docker's list output (docker/cli cli/command/formatter), shared by the tables. Pure. */

/** `TruncateID`: drops a `sha256:` prefix and keeps 12 characters. */
export function truncateId(id: string): string {
  const bare = id.startsWith('sha256:') ? id.slice('sha256:'.length) : id;
  return bare.length > 12 ? bare.slice(0, 12) : bare;
}

/**
 * The image as docker lists it: a tagged reference loses its digest and is shown in familiar form
 * (`docker.io/library/nginx:1.27@sha256:…` → `nginx:1.27`); anything else is shown unchanged.
 */
export function displayImage(image: string): string {
  const ref = parseNormalizedNamed(image);
  if (!ref || ref.tag === undefined) return image;
  return familiarString({ domain: ref.domain, path: ref.path, tag: ref.tag });
}

/** `PrettyPrint`: first letter upper case, the rest lower case (`running` → `Running`). */
export function prettyPrint(value: string): string {
  if (value.length <= 1) return value.toLowerCase();
  return value[0]!.toUpperCase() + value.slice(1).toLowerCase();
}

/** `Ellipsis`: at most `max` characters, the last one replaced by `…` when cut. */
export function ellipsis(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  if (max <= 0) return '';
  if (max === 1) return chars[0] ?? '';
  return `${chars.slice(0, max - 1).join('')}…`;
}
