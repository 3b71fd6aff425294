/**
 * Page-body encoders for the Parquet writer: PLAIN values for each supported
 * physical type and RLE/bit-packed hybrid definition levels (bit width 1).
 * Every function encodes rows [start, end) of one column and returns a view
 * over either the caller's array (zero-copy fast path) or a reused scratch
 * buffer, which stays valid only until the next call using the same scratch.
 */

/** Reusable, growable scratch memory (one per purpose, reused across pages). */
export class Scratch {
  private ab = new ArrayBuffer(0);

  /** Returns an ArrayBuffer of at least `bytes` bytes (contents unspecified). */
  get(bytes: number): ArrayBuffer {
    if (this.ab.byteLength < bytes) {
      this.ab = new ArrayBuffer(Math.max(bytes, Math.floor(this.ab.byteLength * 1.5), 65536));
    }
    return this.ab;
  }
}

/** Largest page Parquet can describe (page sizes are i32 in the page header). */
export const MAX_PAGE_BYTES = 0x7fffffff;

/** Runs of identical levels at least this long are written as RLE runs. */
const MIN_RLE_RUN = 64;

/** Number of present (non-zero) entries of `valid` in [start, end). */
export function countValid(valid: Uint8Array, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) if (valid[i] !== 0) n++;
  return n;
}

function putUvarint(out: Uint8Array, p: number, n: number): number {
  while (n >= 0x80) {
    out[p++] = (n % 0x80) | 0x80;
    n = Math.floor(n / 0x80);
  }
  out[p++] = n;
  return p;
}

/** True when the `MIN_RLE_RUN` levels starting at `g` (all inside [g, end)) are identical. */
function longRunAt(valid: Uint8Array, g: number, end: number): boolean {
  if (end - g < MIN_RLE_RUN) return false;
  const v = valid[g] !== 0;
  for (let t = g + 1, stop = g + MIN_RLE_RUN; t < stop; t++) if ((valid[t] !== 0) !== v) return false;
  return true;
}

/**
 * Definition levels (max level 1) of rows [start, end) in the RLE/bit-packed
 * hybrid encoding, prefixed with its 4-byte little-endian length as Data
 * Page v1 requires. Long runs become RLE runs; the rest is bit-packed in
 * groups of 8 (LSB first). Bit-packed runs only end on a group boundary, and
 * only the final run of the page may be padded.
 */
export function encodeDefinitionLevels(valid: Uint8Array, start: number, end: number, scratch: Scratch): Uint8Array {
  const n = end - start;
  const cap = 4 + Math.ceil(n / 8) * 7 + 32;
  const out = new Uint8Array(scratch.get(cap), 0, cap);
  let p = 4;
  let i = start;
  while (i < end) {
    const v = valid[i] !== 0;
    let j = i + 1;
    while (j < end && (valid[j] !== 0) === v) j++;
    if (j - i >= MIN_RLE_RUN || j === end) {
      p = putUvarint(out, p, (j - i) * 2); // RLE header: run length << 1
      out[p++] = v ? 1 : 0; // value in ceil(1/8) = 1 byte
      i = j;
      continue;
    }
    let g = i + 8; // bit-pack whole groups until a long run starts on a group boundary
    while (g < end && !longRunAt(valid, g, end)) g += 8;
    const stop = g < end ? g : end;
    const groups = Math.ceil((stop - i) / 8);
    p = putUvarint(out, p, groups * 2 + 1); // bit-packed header: (groups << 1) | 1
    for (let b = 0; b < groups; b++) {
      let byte = 0;
      const base = i + b * 8;
      const lim = Math.min(8, stop - base);
      for (let t = 0; t < lim; t++) if (valid[base + t] !== 0) byte |= 1 << t;
      out[p++] = byte;
    }
    i = stop;
  }
  const len = p - 4;
  out[0] = len & 0xff;
  out[1] = (len >>> 8) & 0xff;
  out[2] = (len >>> 16) & 0xff;
  out[3] = (len >>> 24) & 0xff;
  return out.subarray(0, p);
}

/**
 * PLAIN values of an 8-byte column (DOUBLE, or INT64 from a BigInt64Array):
 * a zero-copy view of the input when there are no nulls, otherwise the
 * present values compacted bit-exactly (NaN payloads and -0 preserved).
 */
export function encode8Byte(
  src: Float64Array | BigInt64Array,
  valid: Uint8Array | null,
  start: number,
  end: number,
  present: number,
  scratch: Scratch,
): Uint8Array {
  if (valid === null) return new Uint8Array(src.buffer, src.byteOffset + start * 8, (end - start) * 8);
  const bytes = present * 8;
  const ab = scratch.get(bytes);
  const dstBuf = Buffer.from(ab, 0, bytes);
  const d32 = new Uint32Array(ab, 0, present * 2);
  const srcBuf = Buffer.from(src.buffer, src.byteOffset, src.byteLength);
  const s32 = new Uint32Array(src.buffer, src.byteOffset, src.length * 2);
  let k = 0;
  let i = start;
  while (i < end) {
    if (valid[i] === 0) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < end && valid[j] !== 0) j++;
    if (j - i >= 16) {
      srcBuf.copy(dstBuf, k * 8, i * 8, j * 8);
      k += j - i;
    } else {
      for (let t = i; t < j; t++, k++) {
        d32[2 * k] = s32[2 * t];
        d32[2 * k + 1] = s32[2 * t + 1];
      }
    }
    i = j;
  }
  return dstBuf;
}

/**
 * PLAIN INT64 values from a Float64Array of integers, split into little-endian
 * lo/hi 32-bit words without BigInts. Throws (naming `column` and the row) on
 * NaN, fractions, infinities and values outside the int64 range.
 */
export function encodeInt64FromDouble(
  src: Float64Array,
  valid: Uint8Array | null,
  start: number,
  end: number,
  present: number,
  scratch: Scratch,
  column: string,
): Uint8Array {
  const ab = scratch.get(present * 8);
  const d32 = new Int32Array(ab, 0, present * 2);
  let k = 0;
  for (let i = start; i < end; i++) {
    if (valid !== null && valid[i] === 0) continue;
    const v = src[i];
    const lo = v >>> 0; // v mod 2^32 (ToUint32), exact for integers
    const hi = Math.floor(v / 4294967296);
    if (hi * 4294967296 + lo !== v || hi < -2147483648 || hi > 2147483647) {
      throw new Error(`writeParquet: column "${column}" row ${i}: ${v} is not an integer in the int64 range`);
    }
    d32[k++] = lo;
    d32[k++] = hi;
  }
  return new Uint8Array(ab, 0, present * 8);
}

/** PLAIN BOOLEAN values: present values bit-packed, LSB first, 1 bit each. */
export function encodeBooleans(
  src: Uint8Array,
  valid: Uint8Array | null,
  start: number,
  end: number,
  present: number,
  scratch: Scratch,
): Uint8Array {
  const bytes = Math.ceil(present / 8);
  const out = new Uint8Array(scratch.get(bytes), 0, bytes);
  let acc = 0;
  let bit = 0;
  let p = 0;
  for (let i = start; i < end; i++) {
    if (valid !== null && valid[i] === 0) continue;
    if (src[i] !== 0) acc |= 1 << bit;
    if (++bit === 8) {
      out[p++] = acc;
      acc = 0;
      bit = 0;
    }
  }
  if (bit !== 0) out[p] = acc;
  return out;
}

/** Strings at most this long are measured/encoded in JS; longer ones natively. */
const SHORT_STRING = 48;

/**
 * UTF-8 byte length of `s`, matching Buffer's encoder (a lone surrogate
 * becomes U+FFFD, 3 bytes).
 */
export function utf8Length(s: string): number {
  const len = s.length;
  let n = len;
  for (let i = 0; i < len; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < len && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 2; // 2 code units -> 4 bytes
      i++;
    } else n += 2; // 1 code unit -> 3 bytes (incl. lone surrogate -> U+FFFD)
  }
  return n;
}

/** Writes `s` as UTF-8 at `out[p]` (same output as Buffer's encoder); returns the new position. */
export function writeUtf8(s: string, out: Uint8Array, p: number): number {
  const len = s.length;
  for (let i = 0; i < len; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      out[p++] = c;
    } else if (c < 0x800) {
      out[p++] = 0xc0 | (c >> 6);
      out[p++] = 0x80 | (c & 0x3f);
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const c2 = i + 1 < len ? s.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && (c2 & 0xfc00) === 0xdc00) {
        c = 0x10000 + ((c - 0xd800) << 10) + (c2 - 0xdc00);
        i++;
        out[p++] = 0xf0 | (c >> 18);
        out[p++] = 0x80 | ((c >> 12) & 0x3f);
        out[p++] = 0x80 | ((c >> 6) & 0x3f);
        out[p++] = 0x80 | (c & 0x3f);
      } else {
        out[p++] = 0xef; // lone surrogate -> U+FFFD
        out[p++] = 0xbf;
        out[p++] = 0xbd;
      }
    } else {
      out[p++] = 0xe0 | (c >> 12);
      out[p++] = 0x80 | ((c >> 6) & 0x3f);
      out[p++] = 0x80 | (c & 0x3f);
    }
  }
  return p;
}

/**
 * PLAIN BYTE_ARRAY values: for each present string a 4-byte little-endian
 * length then its UTF-8 bytes, in one exactly-sized scratch buffer.
 * Rows where `valid` is 0 are skipped; every other row must hold a string.
 */
export function encodeStrings(
  src: readonly (string | null)[],
  valid: Uint8Array | null,
  start: number,
  end: number,
  scratch: Scratch,
  column: string,
): Uint8Array {
  let total = 0;
  for (let i = start; i < end; i++) {
    if (valid !== null && valid[i] === 0) continue;
    const s = src[i] as string;
    total += 4 + (s.length <= SHORT_STRING ? utf8Length(s) : Buffer.byteLength(s, "utf8"));
  }
  if (total > MAX_PAGE_BYTES) {
    throw new Error(
      `writeParquet: column "${column}": ${total} bytes of string data in one row group exceeds ` +
        `the 2 GiB Parquet page limit; use a smaller rowGroupSize`,
    );
  }
  const out = Buffer.from(scratch.get(total), 0, total);
  let p = 0;
  for (let i = start; i < end; i++) {
    if (valid !== null && valid[i] === 0) continue;
    const s = src[i] as string;
    const at = p;
    p += 4;
    p = s.length <= SHORT_STRING ? writeUtf8(s, out, p) : p + out.write(s, p, total - p, "utf8");
    const n = p - at - 4;
    out[at] = n & 0xff;
    out[at + 1] = (n >>> 8) & 0xff;
    out[at + 2] = (n >>> 16) & 0xff;
    out[at + 3] = (n >>> 24) & 0xff;
  }
  if (p !== total) throw new Error(`writeParquet: internal error: string size mismatch in column "${column}"`);
  return out;
}
