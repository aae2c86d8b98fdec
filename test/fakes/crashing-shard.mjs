// A session thread that dies on demand, for the tests of what a dead thread does to its callers:
// the real shard, plus a fault. A session opened from the origin http://crash.test makes the
// thread throw an uncaught exception a second later, as a bug in a session would. While the
// file `startFailsFlag()` names exists, a new thread exits before it is ready, as a broken
// deployment would. (A flag file, not an environment variable: in the test process a worker did
// not see variables set after start.)
import { existsSync } from 'node:fs';
import { setTimeout } from 'node:timers';
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';
import { startFailsFlag } from './shard-faults.mjs';

if (existsSync(startFailsFlag())) process.exit(3);
register();
await import('../../agent/src/runtimes/local/shard.ts');
// After the shard's own listener: a listener attached earlier would start the port before the
// shard listens, and the shard would miss the sessions sent while it loaded.
parentPort.on('message', (m) => {
  if (m.type === 'open' && m.admitted.origin === 'http://crash.test') {
    setTimeout(() => {
      throw new Error('injected session-thread failure');
    }, 1000);
  }
});
