// Faults for test/fakes/crashing-shard.mjs that a test switches on from the main thread.
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** While this file exists, a new session thread exits before it is ready (one per process). */
export function startFailsFlag() {
  return join(tmpdir(), `polyglot-test-shard-start-fails-${process.pid}`);
}
