import { INDEX_COLUMN } from "../../frame";
import { dataTable, PhysicalColumn, physicalName, VersionRow } from "../engine";
import { slicePieces } from "../library/pieces";
import { resolveWindow, versionParts } from "../library/readRows";
import { sqlIdent } from "../names";
import { QuerySource } from "./compile";
import { ORD } from "./sqlParts";

/** Row numbers stay below this, so run * 2^40 + row orders rows across the runs of a version. */
const RUN_STRIDE = 2 ** 40;

/**
 * The rows of one stored version as a query source: the user's column names, and the row order as
 * {@link ORD} (the stored row number, offset per in-order run after an update). A row window known
 * up front (rowRange without dateRange) cuts the version's pieces, so head/tail read only their rows.
 * `schema` is a qualified prefix for a data table in an attached database (cross-library SQL);
 * `tableRows` the number of rows ever inserted into the symbol's table (its next row number), when known.
 */
export function versionSource(
  version: VersionRow,
  columns: PhysicalColumn[],
  options: { symbol: string; library?: string; rowRange?: [number | null, number | null]; schema?: string; tableRows?: number },
): QuerySource {
  let pieces = version.pieces;
  if (options.rowRange) {
    const [start, end] = resolveWindow(options.rowRange, version.rowCount);
    pieces = slicePieces(pieces, start, end);
  }
  // When the version holds every row its table has, the row-number predicate selects nothing away: skip it.
  const everyRow = options.tableRows !== undefined && pieces.length === 1 && pieces[0].rowLo === 0 && pieces[0].rowHi === options.tableRows - 1;
  const parts = everyRow ? [{ predicate: "TRUE", rows: version.rowCount }] : versionParts({ ...version, pieces });
  const table = (options.schema ? `${options.schema}.` : "") + dataTable(version.symbolId);
  const list = columns.map((c) => `${physicalName(c.id)} AS ${sqlIdent(c.name)}`);
  const select = (ord: string, predicate: string) => `SELECT ${[...list, `${ord} AS ${ORD}`].join(", ")} FROM ${table} WHERE ${predicate}`;
  const sql = parts.length === 0 ? select("_row", "false") : parts.map((p, i) => select(i === 0 ? "_row" : `_row + ${i * RUN_STRIDE}`, p.predicate)).join(" UNION ALL ");
  const indexed = version.indexed && columns.some((c) => c.name === INDEX_COLUMN && c.type === "timestamp");
  const bounds: [number, number] | null =
    indexed && version.firstUs !== null && version.lastUs !== null ? [Math.min(version.firstUs, version.lastUs), Math.max(version.firstUs, version.lastUs)] : null;
  return {
    sql,
    columns: columns.map((c) => ({ name: c.name, type: c.type })),
    ordered: parts.length <= 1,
    bounds: version.sorted ? bounds : null,
    symbol: options.symbol,
    library: options.library,
  };
}
