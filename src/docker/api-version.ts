/** Engine API versions ("1.41"), compared as docker's `api/types/versions` does: dotted parts, numerically. */

/** docker's `versions.LessThan`: "1.9" < "1.10"; a missing or non-numeric part counts as 0. */
export function apiVersionLessThan(a: string, b: string): boolean {
  const pa = a.split('.');
  const pb = b.split('.');
  const n = Math.max(pa.length, pb.length);
  for (let i = 0; i < n; i++) {
    const x = Number.parseInt(pa[i] ?? '0', 10) || 0;
    const y = Number.parseInt(pb[i] ?? '0', 10) || 0;
    if (x !== y) return x < y;
  }
  return false;
}

/** True when the daemon's API version is at least `minimum` (unknown version: assume a current daemon). */
export function apiAtLeast(version: string | undefined, minimum: string): boolean {
  return !version || !apiVersionLessThan(version, minimum);
}
