/**
 * Minimal Thrift *compact protocol* encoder, enough to serialise the Parquet
 * footer (FileMetaData) and page headers. Written from the Thrift compact
 * protocol specification; only the write side and only the types Parquet
 * metadata needs (bool, i32, i64, binary/string, list, struct).
 */

/** Compact-protocol type ids (as they appear in field headers and list headers). */
const enum CT {
  BOOL_TRUE = 1,
  BOOL_FALSE = 2,
  BYTE = 3,
  I16 = 4,
  I32 = 5,
  I64 = 6,
  DOUBLE = 7,
  BINARY = 8,
  LIST = 9,
  SET = 10,
  MAP = 11,
  STRUCT = 12,
}

/**
 * Growable byte sink with Thrift compact-protocol primitives.
 * Struct nesting is tracked with a stack of "last field id" values, because
 * compact field headers store the delta from the previous field id.
 */
export class CompactWriter {
  private buf: Buffer;
  private pos = 0;
  private lastField = 0;
  private readonly fieldStack: number[] = [];

  /** @param initialSize initial capacity in bytes (grows as needed). */
  constructor(initialSize = 256) {
    this.buf = Buffer.allocUnsafe(initialSize);
  }

  /** Number of bytes written so far. */
  get length(): number {
    return this.pos;
  }

  /** The bytes written so far (a view, not a copy). */
  bytes(): Buffer {
    return this.buf.subarray(0, this.pos);
  }

  /** Forget everything written so far, keeping the allocated capacity. */
  reset(): void {
    this.pos = 0;
    this.lastField = 0;
    this.fieldStack.length = 0;
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.pos + n) cap *= 2;
    const next = Buffer.allocUnsafe(cap);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  private byte(b: number): void {
    this.ensure(1);
    this.buf[this.pos++] = b;
  }

  /** Unsigned varint (ULEB128) of a non-negative safe integer. */
  private uvarint(n: number): void {
    this.ensure(10);
    while (n >= 0x80) {
      this.buf[this.pos++] = (n % 0x80) | 0x80;
      n = Math.floor(n / 0x80);
    }
    this.buf[this.pos++] = n;
  }

  /** Zigzag varint of a signed safe integer (works for i16/i32/i64 within ±2^53). */
  private zigzag(n: number): void {
    this.uvarint(n >= 0 ? n * 2 : -n * 2 - 1);
  }

  /** Field header: short form when the id delta is 1..15, long form otherwise. */
  private fieldHeader(type: number, id: number): void {
    const delta = id - this.lastField;
    if (delta > 0 && delta <= 15) {
      this.byte((delta << 4) | type);
    } else {
      this.byte(type);
      this.zigzag(id);
    }
    this.lastField = id;
  }

  /** Writes an i32 field. */
  i32(id: number, value: number): this {
    this.fieldHeader(CT.I32, id);
    this.zigzag(value);
    return this;
  }

  /** Writes an i64 field (value must be a safe integer). */
  i64(id: number, value: number): this {
    this.fieldHeader(CT.I64, id);
    this.zigzag(value);
    return this;
  }

  /** Writes a bool field (the value lives in the field header's type nibble). */
  bool(id: number, value: boolean): this {
    this.fieldHeader(value ? CT.BOOL_TRUE : CT.BOOL_FALSE, id);
    return this;
  }

  /** Writes a string (binary) field, UTF-8 encoded. */
  string(id: number, value: string): this {
    this.fieldHeader(CT.BINARY, id);
    this.rawString(value);
    return this;
  }

  private rawString(value: string): void {
    const n = Buffer.byteLength(value, "utf8");
    this.uvarint(n);
    this.ensure(n);
    this.pos += this.buf.write(value, this.pos, n, "utf8");
  }

  private listHeader(elemType: number, size: number): void {
    if (size < 15) {
      this.byte((size << 4) | elemType);
    } else {
      this.byte(0xf0 | elemType);
      this.uvarint(size);
    }
  }

  /** Writes a list<i32> field (used for enum lists such as encodings). */
  i32List(id: number, values: readonly number[]): this {
    this.fieldHeader(CT.LIST, id);
    this.listHeader(CT.I32, values.length);
    for (const v of values) this.zigzag(v);
    return this;
  }

  /** Writes a list<string> field. */
  stringList(id: number, values: readonly string[]): this {
    this.fieldHeader(CT.LIST, id);
    this.listHeader(CT.BINARY, values.length);
    for (const v of values) this.rawString(v);
    return this;
  }

  /**
   * Writes a list<struct> field; `each` is called once per item and must
   * write the item's fields (begin/end of each element struct is handled here).
   */
  structList<T>(id: number, items: readonly T[], each: (w: this, item: T) => void): this {
    this.fieldHeader(CT.LIST, id);
    this.listHeader(CT.STRUCT, items.length);
    for (const item of items) {
      this.enter();
      each(this, item);
      this.leave();
    }
    return this;
  }

  /** Writes a struct field; `body` writes the nested fields. */
  struct(id: number, body: (w: this) => void): this {
    this.fieldHeader(CT.STRUCT, id);
    this.enter();
    body(this);
    this.leave();
    return this;
  }

  /** Writes a top-level struct (no field header), e.g. FileMetaData or PageHeader. */
  root(body: (w: this) => void): this {
    this.enter();
    body(this);
    this.leave();
    return this;
  }

  private enter(): void {
    this.fieldStack.push(this.lastField);
    this.lastField = 0;
  }

  private leave(): void {
    this.byte(0); // STOP
    this.lastField = this.fieldStack.pop() ?? 0;
  }
}
