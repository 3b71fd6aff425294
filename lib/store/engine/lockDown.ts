import type { Connection } from "./Connection";
import { sqlString } from "../names";

/**
 * Turns off DuckDB's access to files and the network for the whole instance, for good: after this only
 * files under `allowedDirectories` can be read (and databases already attached stay readable), and no
 * setting can be changed any more. DuckDB cannot undo this on a running instance.
 */
export async function lockDown(connection: Connection, allowedDirectories: string[] = []): Promise<void> {
  if (allowedDirectories.length > 0) {
    await connection.run(`SET allowed_directories = [${allowedDirectories.map((d) => sqlString(d.endsWith("/") ? d : d + "/")).join(", ")}]`);
  }
  await connection.run("SET enable_external_access = false");
  await connection.run("SET lock_configuration = true");
}
