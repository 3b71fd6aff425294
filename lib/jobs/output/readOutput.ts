import * as fs from "fs";
import { JobOutputFormat } from "../JobSpec";
import { parseCsv } from "./csv";
import { parseJson } from "./json";
import { readParquet } from "../../data";

/** A script's table, as parsed, and where it came from. */
export interface ScriptOutput {
  /** Columns, row objects or a Table: what the store accepts. */
  data: unknown;
  source: "stdout" | "file";
  format: Exclude<JobOutputFormat, "auto">;
}

/** Tells the format from the bytes: Parquet's magic "PAR1", JSON's opening brace or bracket, else CSV. */
export function detectFormat(bytes: Buffer): "csv" | "json" | "parquet" {
  if (bytes.subarray(0, 4).toString("latin1") === "PAR1") return "parquet";
  const first = bytes.subarray(0, 64).toString("utf8").replace(/^\ufeff/, "").trimStart()[0];
  return first === "{" || first === "[" ? "json" : "csv";
}

/**
 * Reads a finished script's table: the file at QUANTLAB_OUTPUT when the script wrote one (not empty),
 * else stdout. `format` "auto" detects it ({@link detectFormat}); Parquet is read from the file only.
 * @throws Error when there is no output at all or it cannot be parsed (the message says which and where).
 * @example await readOutput(result.stdout, outputPath, "auto")
 */
export async function readOutput(stdout: Buffer, outputPath: string, format: JobOutputFormat): Promise<ScriptOutput> {
  const fileSize = fs.existsSync(outputPath) ? fs.statSync(outputPath).size : 0;
  const source = fileSize > 0 ? "file" : "stdout";
  const bytes = source === "file" ? fs.readFileSync(outputPath) : stdout;
  if (bytes.toString("utf8").trim() === "") {
    throw new Error("the script printed nothing and wrote no QUANTLAB_OUTPUT file; print CSV or JSON lines to stdout, or write the table to $QUANTLAB_OUTPUT");
  }
  const detected = format === "auto" ? detectFormat(bytes) : format === "jsonl" ? "json" : format;
  const where = source === "file" ? "QUANTLAB_OUTPUT file" : "stdout";
  try {
    if (detected === "parquet") {
      if (source !== "file") throw new Error("Parquet must be written to $QUANTLAB_OUTPUT, not stdout");
      return { data: await readParquet(outputPath), source, format: "parquet" };
    }
    const text = bytes.toString("utf8");
    if (detected === "json") return { data: parseJson(text), source, format: format === "jsonl" ? "jsonl" : "json" };
    return { data: parseCsv(text, where), source, format: "csv" };
  } catch (error) {
    throw new Error(`cannot read the ${where} as ${detected === "json" ? "JSON" : detected.toUpperCase()}: ${(error as Error).message}`);
  }
}
