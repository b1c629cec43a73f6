/**
 * Small reproductions of Go behaviour that the docker CLI's output depends on: string ordering, `sort.Slice`
 * (unstable, but deterministic), `sort.SliceStable`, and `encoding/json` omitempty rules. Pure functions.
 */

/**
 * Compares strings as Go's `<` does (byte-wise UTF-8, which equals code-point order). JavaScript's default
 * comparison uses UTF-16 code units and differs for characters above U+FFFF versus U+E000..U+FFFF.
 */
export function compareGoStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

// Surrogates (U+D800..U+DFFF) stand for code points above U+FFFF, so they must rank after U+E000..U+FFFF.
function codePointRank(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000;
  if (unit >= 0xe000) return unit - 0x800;
  return unit;
}

/** Go's `sort.Strings` on a copy. */
export function sortGoStrings(values: readonly string[]): string[] {
  return [...values].sort(compareGoStrings);
}

/** A copy of `record` with keys in Go's map-marshalling order (sorted by bytes). */
export function sortedRecord(record: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(record).sort(compareGoStrings)) out[key] = record[key] as string;
  return out;
}

/** Go's `sort.SliceStable` on a copy: any stable sort gives the same result, and Array.prototype.sort is stable. */
export function goSliceStable<T>(values: readonly T[], less: (a: T, b: T) => boolean): T[] {
  return [...values].sort((a, b) => (less(a, b) ? -1 : less(b, a) ? 1 : 0));
}

/**
 * Go's `sort.Slice` (pattern-defeating quicksort, Go 1.19+) on a copy. It is not stable, but it is deterministic,
 * so equal elements end up exactly where the Go CLI puts them (for up to 12 elements it is an insertion sort and
 * therefore stable; beyond that ties can be reordered).
 */
export function goSlice<T>(values: readonly T[], less: (a: T, b: T) => boolean): T[] {
  const data = [...values];
  const ls: LessSwap = {
    less: (i, j) => less(data[i] as T, data[j] as T),
    swap: (i, j) => {
      const t = data[i] as T;
      data[i] = data[j] as T;
      data[j] = t;
    },
  };
  pdqsort(ls, 0, data.length, bitLength(data.length));
  return data;
}

interface LessSwap {
  less(i: number, j: number): boolean;
  swap(i: number, j: number): void;
}

const Hint = { Unknown: 0, Increasing: 1, Decreasing: 2 } as const;
type Hint = (typeof Hint)[keyof typeof Hint];

function bitLength(n: number): number {
  return n === 0 ? 0 : Math.floor(Math.log2(n)) + 1;
}

function insertionSort(d: LessSwap, a: number, b: number): void {
  for (let i = a + 1; i < b; i++) {
    for (let j = i; j > a && d.less(j, j - 1); j--) d.swap(j, j - 1);
  }
}

function siftDown(d: LessSwap, lo: number, hi: number, first: number): void {
  let root = lo;
  for (;;) {
    let child = 2 * root + 1;
    if (child >= hi) return;
    if (child + 1 < hi && d.less(first + child, first + child + 1)) child++;
    if (!d.less(first + root, first + child)) return;
    d.swap(first + root, first + child);
    root = child;
  }
}

function heapSort(d: LessSwap, a: number, b: number): void {
  const first = a;
  const hi = b - a;
  for (let i = Math.trunc((hi - 1) / 2); i >= 0; i--) siftDown(d, i, hi, first);
  for (let i = hi - 1; i >= 0; i--) {
    d.swap(first, first + i);
    siftDown(d, 0, i, first);
  }
}

function pdqsort(d: LessSwap, a: number, b: number, limit: number): void {
  const maxInsertion = 12;
  let wasBalanced = true;
  let wasPartitioned = true;
  for (;;) {
    const length = b - a;
    if (length <= maxInsertion) {
      insertionSort(d, a, b);
      return;
    }
    if (limit === 0) {
      heapSort(d, a, b);
      return;
    }
    if (!wasBalanced) {
      breakPatterns(d, a, b);
      limit--;
    }
    let [pivot, hint]: [number, Hint] = choosePivot(d, a, b);
    if (hint === Hint.Decreasing) {
      reverseRange(d, a, b);
      pivot = b - 1 - (pivot - a);
      hint = Hint.Increasing;
    }
    if (wasBalanced && wasPartitioned && hint === Hint.Increasing) {
      if (partialInsertionSort(d, a, b)) return;
    }
    if (a > 0 && !d.less(a - 1, pivot)) {
      a = partitionEqual(d, a, b, pivot);
      continue;
    }
    const [mid, alreadyPartitioned] = partition(d, a, b, pivot);
    wasPartitioned = alreadyPartitioned;
    const leftLen = mid - a;
    const rightLen = b - mid;
    const balanceThreshold = Math.trunc(length / 8);
    if (leftLen < rightLen) {
      wasBalanced = leftLen >= balanceThreshold;
      pdqsort(d, a, mid, limit);
      a = mid + 1;
    } else {
      wasBalanced = rightLen >= balanceThreshold;
      pdqsort(d, mid + 1, b, limit);
      b = mid;
    }
  }
}

function partition(d: LessSwap, a: number, b: number, pivot: number): [number, boolean] {
  d.swap(a, pivot);
  let i = a + 1;
  let j = b - 1;
  while (i <= j && d.less(i, a)) i++;
  while (i <= j && !d.less(j, a)) j--;
  if (i > j) {
    d.swap(j, a);
    return [j, true];
  }
  d.swap(i, j);
  i++;
  j--;
  for (;;) {
    while (i <= j && d.less(i, a)) i++;
    while (i <= j && !d.less(j, a)) j--;
    if (i > j) break;
    d.swap(i, j);
    i++;
    j--;
  }
  d.swap(j, a);
  return [j, false];
}

function partitionEqual(d: LessSwap, a: number, b: number, pivot: number): number {
  d.swap(a, pivot);
  let i = a + 1;
  let j = b - 1;
  for (;;) {
    while (i <= j && !d.less(a, i)) i++;
    while (i <= j && d.less(a, j)) j--;
    if (i > j) break;
    d.swap(i, j);
    i++;
    j--;
  }
  return i;
}

function partialInsertionSort(d: LessSwap, a: number, b: number): boolean {
  const maxSteps = 5;
  const shortestShifting = 50;
  let i = a + 1;
  for (let step = 0; step < maxSteps; step++) {
    while (i < b && !d.less(i, i - 1)) i++;
    if (i === b) return true;
    if (b - a < shortestShifting) return false;
    d.swap(i, i - 1);
    if (i - a >= 2) {
      for (let j = i - 1; j >= 1; j--) {
        if (!d.less(j, j - 1)) break;
        d.swap(j, j - 1);
      }
    }
    if (b - i >= 2) {
      for (let j = i + 1; j < b; j++) {
        if (!d.less(j, j - 1)) break;
        d.swap(j, j - 1);
      }
    }
  }
  return false;
}

const MASK64 = (1n << 64n) - 1n;

// The xorshift-64 triple 13/7/17 is the one in the Go release that built docker 28.2.2 (go1.24.3); older Go
// releases used 13/17/5. Checked against the real CLI: more than 12 ports sharing a published port come out in the
// same order only with 13/7/17.
function breakPatterns(d: LessSwap, a: number, b: number): void {
  const length = b - a;
  if (length < 8) return;
  let random = BigInt(length);
  const modulus = BigInt(2 ** bitLength(length));
  const start = a + Math.trunc(length / 4) * 2 - 1;
  for (let idx = start; idx <= start + 2; idx++) {
    random ^= (random << 13n) & MASK64;
    random ^= random >> 7n;
    random ^= (random << 17n) & MASK64;
    let other = Number(random & (modulus - 1n));
    if (other >= length) other -= length;
    d.swap(idx, a + other);
  }
}

function choosePivot(d: LessSwap, a: number, b: number): [number, Hint] {
  const shortestNinther = 50;
  const maxSwaps = 4 * 3;
  const l = b - a;
  const swaps = { n: 0 };
  let i = a + Math.trunc(l / 4) * 1;
  let j = a + Math.trunc(l / 4) * 2;
  let k = a + Math.trunc(l / 4) * 3;
  if (l >= 8) {
    if (l >= shortestNinther) {
      i = median(d, i - 1, i, i + 1, swaps);
      j = median(d, j - 1, j, j + 1, swaps);
      k = median(d, k - 1, k, k + 1, swaps);
    }
    j = median(d, i, j, k, swaps);
  }
  if (swaps.n === 0) return [j, Hint.Increasing];
  if (swaps.n === maxSwaps) return [j, Hint.Decreasing];
  return [j, Hint.Unknown];
}

function order2(d: LessSwap, a: number, b: number, swaps: { n: number }): [number, number] {
  if (d.less(b, a)) {
    swaps.n++;
    return [b, a];
  }
  return [a, b];
}

function median(d: LessSwap, a: number, b: number, c: number, swaps: { n: number }): number {
  [a, b] = order2(d, a, b, swaps);
  [b, c] = order2(d, b, c, swaps);
  [a, b] = order2(d, a, b, swaps);
  return b;
}

function reverseRange(d: LessSwap, a: number, b: number): void {
  let i = a;
  let j = b - 1;
  while (i < j) {
    d.swap(i, j);
    i++;
    j--;
  }
}

/**
 * Drops keys whose value is `undefined`, so objects mirror Go's omitempty output (absent key, not
 * `undefined`-valued key). Shallow on purpose: every builder calls it on the object it makes.
 */
export function compact<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) if (v !== undefined) out[key] = v;
  return out as T;
}

/** omitempty for strings: `""` is dropped. */
export function omitEmptyString(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/** omitempty for numbers: 0 is dropped. */
export function omitZero(value: number | undefined): number | undefined {
  return value === undefined || value === 0 ? undefined : value;
}

/** omitempty for booleans: false is dropped. */
export function omitFalse(value: boolean | undefined): true | undefined {
  return value === true ? true : undefined;
}

/** omitempty for slices: nil and empty are dropped. */
export function omitEmptyList<T>(value: readonly T[] | undefined): T[] | undefined {
  return value === undefined || value.length === 0 ? undefined : [...value];
}

/** omitempty for maps: nil and empty are dropped; kept maps get Go's key order. */
export function omitEmptyMap(value: Readonly<Record<string, string>> | undefined): Record<string, string> | undefined {
  return value === undefined || Object.keys(value).length === 0 ? undefined : sortedRecord(value);
}
