import { adjustArrays, checkAdjust } from "./adjust";
import { checkRowRange } from "./rowRange";
import { SchemaError } from "../../errors";
import { INDEX_COLUMN, Table, toTable } from "../../frame";
import { OpenFile, PhysicalColumn, VersionRow } from "../engine";
import { AsOf, ReadOptions, ReadResult, VersionedItem } from "../types";
import { readQuery } from "../query/readQuery";
import { LibraryContext, withFile } from "./context";
import { toUsRange } from "./prepare";
import { readRows } from "./readRows";
import { resolveVersion } from "./resolve";
import { versionedItem } from "./write";

function pickColumns(ctx: LibraryContext, name: string, version: VersionRow, wanted?: string[]): PhysicalColumn[] {
  if (!wanted) return version.columns;
  const out: PhysicalColumn[] = [];
  const index = version.indexed ? version.columns.find((c) => c.name === INDEX_COLUMN) : undefined;
  if (index) out.push(index);
  for (const w of wanted) {
    if (w === INDEX_COLUMN && index) continue;
    const column = version.columns.find((c) => c.name === w);
    if (!column) {
      throw new SchemaError(
        `column '${w}' does not exist in version ${version.version} of '${name}'; it has ${version.columns.map((c) => `'${c.name}'`).join(", ")}`,
        { library: ctx.name, symbol: name, version: version.version, column: w },
      );
    }
    if (!out.includes(column)) out.push(column);
  }
  return out;
}

/** Reads a resolved version into a Table (runs with the file open). */
export async function readVersion(
  ctx: LibraryContext,
  open: OpenFile,
  name: string,
  version: VersionRow,
  options: ReadOptions,
): Promise<ReadResult> {
  const columns = pickColumns(ctx, name, version, options.columns);
  let dateRange: [number | null, number | null] | undefined;
  if (options.dateRange !== undefined && options.dateRange !== null) {
    if (!version.indexed) {
      throw new SchemaError(`'${name}' is row-indexed; dateRange needs a '${INDEX_COLUMN}' index (use rowRange)`, {
        library: ctx.name,
        symbol: name,
      });
    }
    dateRange = toUsRange(options.dateRange, ctx.name, name);
  }
  const rowRange = checkRowRange(options.rowRange, ctx.name, name);
  const adjust = options.adjust === undefined ? undefined : checkAdjust(ctx, name, options.adjust, options.query !== undefined);
  if (options.query !== undefined) return readQuery(ctx, open, name, version, columns, { dateRange, rowRange, query: options.query });
  const { arrays } = await readRows(open, { version, columns, dateRange, rowRange });
  if (adjust !== undefined) {
    const adjusted = await adjustArrays(ctx, open, name, version, columns, arrays, adjust, options.asOf);
    const data: Table = toTable(columns.map((c, i) => [c.name, adjusted.arrays[i]]));
    return { ...versionedItem(ctx, name, version), data, adjustment: adjusted.adjustment };
  }
  const data: Table = toTable(columns.map((c, i) => [c.name, arrays[i]]));
  return { ...versionedItem(ctx, name, version), data };
}

/** See {@link Library.read}. */
export function read(ctx: LibraryContext, name: string, options: ReadOptions = {}): Promise<ReadResult> {
  return withFile(ctx, async (open) => {
    const { version } = await resolveVersion(ctx, open, name, options.asOf);
    return readVersion(ctx, open, name, version, options);
  });
}

/** See {@link Library.readMetadata}. */
export function readMetadata(ctx: LibraryContext, name: string, options: { asOf?: AsOf } = {}): Promise<VersionedItem> {
  return withFile(ctx, async (open) => {
    const { version } = await resolveVersion(ctx, open, name, options.asOf);
    return versionedItem(ctx, name, version);
  });
}
