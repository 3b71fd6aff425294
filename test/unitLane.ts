/**
 * Set-up of the unit lane: a test there that starts a child process fails with a message saying where
 * such tests belong, so `npm run test:unit` stays in-process and fast.
 */
import { syncBuiltinESMExports } from "module";

// The CommonJS exports object of child_process (an ES namespace object cannot be changed).
const childProcess = process.getBuiltinModule("child_process") as unknown as Record<string, unknown>;
for (const method of ["spawn", "spawnSync", "exec", "execSync", "execFile", "execFileSync", "fork"]) {
  childProcess[method] = () => {
    throw new Error(`the unit lane starts no child processes (child_process.${method}); list this test file in SYSTEM in vitest.config.mts`);
  };
}
syncBuiltinESMExports();
