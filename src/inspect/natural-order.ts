/**
 * Natural order as docker sorts names in its lists (fvbommel/sortorder `NaturalLess`): runs of digits compare by
 * value (`web2` < `web10`), digits sort before other characters, everything else compares byte-wise. Pure.
 */
export function naturalLess(a: string, b: string): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const c1 = a.charCodeAt(i);
    const c2 = b.charCodeAt(j);
    const d1 = isDigit(c1);
    const d2 = isDigit(c2);
    if (d1 !== d2) return d1;
    if (!d1) {
      if (c1 !== c2) return c1 < c2;
      i++;
      j++;
      continue;
    }
    while (i < a.length && a[i] === '0') i++;
    while (j < b.length && b[j] === '0') j++;
    const start1 = i;
    const start2 = j;
    while (i < a.length && isDigit(a.charCodeAt(i))) i++;
    while (j < b.length && isDigit(b.charCodeAt(j))) j++;
    const len1 = i - start1;
    const len2 = j - start2;
    if (len1 !== len2) return len1 < len2;
    const n1 = a.slice(start1, i);
    const n2 = b.slice(start2, j);
    if (n1 !== n2) return n1 < n2;
    // Same value: fewer leading zeros first.
    if (start1 !== start2) return start1 < start2;
  }
  // Equal so far and one has ended: the shorter string sorts first (as sortorder compares whole lengths).
  return a.length < b.length;
}

/** Comparator for Array.prototype.sort built on naturalLess. */
export function naturalCompare(a: string, b: string): number {
  if (naturalLess(a, b)) return -1;
  if (naturalLess(b, a)) return 1;
  return 0;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}
