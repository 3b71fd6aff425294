/**
 * Parquet metadata structures (parquet.thrift) serialised with the Thrift
 * compact protocol: the Data Page v1 header and the FileMetaData footer.
 * Only the fields this writer needs are emitted; statistics are omitted.
 */
import { CompactWriter } from "./thrift";

/** Column kinds supported by the writer (mirrors `ParquetColumn["type"]`). */
export type ColumnKind = "double" | "int64" | "timestamp_us" | "bool" | "string";

/** Schema facts of one column, as needed for the footer. */
export interface ColumnSchema {
  /** Column name (also its path_in_schema). */
  name: string;
  /** Column kind, which fixes the physical and logical type. */
  type: ColumnKind;
  /** OPTIONAL (has definition levels) vs REQUIRED. */
  optional: boolean;
}

/** Where one column chunk (page header + page) landed in the file. */
export interface ChunkMeta {
  /** File offset of the chunk's (only) page header. */
  offset: number;
  /** Chunk size in bytes, page header included. */
  size: number;
}

/** Layout of one row group: one chunk per column, in schema order. */
export interface RowGroupMeta {
  /** File offset of the first column chunk. */
  offset: number;
  /** Rows in the group. */
  numRows: number;
  /** Column chunks, in schema order. */
  chunks: ChunkMeta[];
}

// Enum values from parquet.thrift.
const T_BOOLEAN = 0;
const T_INT64 = 2;
const T_DOUBLE = 5;
const T_BYTE_ARRAY = 6;
const REQUIRED = 0;
const OPTIONAL = 1;
const CONVERTED_UTF8 = 0;
const CONVERTED_TIMESTAMP_MICROS = 10;
const ENC_PLAIN = 0;
const ENC_RLE = 3;
const CODEC_UNCOMPRESSED = 0;
const PAGE_DATA = 0;

const PHYSICAL: Record<ColumnKind, number> = {
  double: T_DOUBLE,
  int64: T_INT64,
  timestamp_us: T_INT64,
  bool: T_BOOLEAN,
  string: T_BYTE_ARRAY,
};

/** True when `type` is a column kind the writer supports. */
export function isColumnKind(type: unknown): type is ColumnKind {
  return typeof type === "string" && Object.prototype.hasOwnProperty.call(PHYSICAL, type);
}

/**
 * Serialises a Data Page (v1) header for an uncompressed PLAIN page of
 * `numValues` values (nulls included) whose body is `bodySize` bytes.
 * Reuses `w`; the returned view is valid until `w` is next used.
 */
export function encodePageHeader(w: CompactWriter, numValues: number, bodySize: number): Buffer {
  w.reset();
  w.root((h) => {
    h.i32(1, PAGE_DATA);
    h.i32(2, bodySize); // uncompressed_page_size
    h.i32(3, bodySize); // compressed_page_size
    h.struct(5, (d) => {
      d.i32(1, numValues);
      d.i32(2, ENC_PLAIN);
      d.i32(3, ENC_RLE); // definition_level_encoding
      d.i32(4, ENC_RLE); // repetition_level_encoding (none are written)
    });
  });
  return w.bytes();
}

/** Serialises the FileMetaData footer (without the trailing length and magic). */
export function encodeFooter(columns: ColumnSchema[], rowCount: number, groups: RowGroupMeta[]): Buffer {
  const w = new CompactWriter(1024 + groups.length * columns.length * 64);
  w.root((m) => {
    m.i32(1, 1); // version
    m.structList(2, [null, ...columns], (s, c) => {
      if (c === null) {
        s.string(4, "schema"); // root: no type, no repetition_type
        s.i32(5, columns.length); // num_children
        return;
      }
      s.i32(1, PHYSICAL[c.type]);
      s.i32(3, c.optional ? OPTIONAL : REQUIRED);
      s.string(4, c.name);
      if (c.type === "string") {
        s.i32(6, CONVERTED_UTF8);
        s.struct(10, (lt) => lt.struct(1, () => undefined)); // LogicalType.STRING
      } else if (c.type === "timestamp_us") {
        s.i32(6, CONVERTED_TIMESTAMP_MICROS);
        s.struct(10, (lt) =>
          lt.struct(8, (ts) => {
            ts.bool(1, false); // isAdjustedToUTC = false -> DuckDB TIMESTAMP, not TIMESTAMPTZ
            ts.struct(2, (unit) => unit.struct(2, () => undefined)); // TimeUnit.MICROS
          }),
        );
      }
    });
    m.i64(3, rowCount);
    m.structList(4, groups, (g, rg) => {
      let bytes = 0;
      for (const c of rg.chunks) bytes += c.size;
      g.structList(1, rg.chunks.map((chunk, k) => ({ chunk, col: columns[k] })), (cc, { chunk, col }) => {
        cc.i64(2, 0); // file_offset: deprecated; 0 when no ColumnMetaData is written outside the footer
        cc.struct(3, (md) => {
          md.i32(1, PHYSICAL[col.type]);
          md.i32List(2, col.optional ? [ENC_PLAIN, ENC_RLE] : [ENC_PLAIN]);
          md.stringList(3, [col.name]);
          md.i32(4, CODEC_UNCOMPRESSED);
          md.i64(5, rg.numRows); // num_values, nulls included
          md.i64(6, chunk.size); // total_uncompressed_size (page header included)
          md.i64(7, chunk.size); // total_compressed_size
          md.i64(9, chunk.offset); // data_page_offset
        });
      });
      g.i64(2, bytes); // total_byte_size
      g.i64(3, rg.numRows);
      g.i64(5, rg.offset); // file_offset
      g.i64(6, bytes); // total_compressed_size
    });
    m.string(6, "quantlab writeParquet");
  });
  return w.bytes();
}
