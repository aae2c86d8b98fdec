// A session thread that dies on demand, for the tests of what a dead thread does to its callers:
// the real shard, plus a fault. A session opened from the origin http://crash.test makes the
// thread throw an uncaught exception a second later, as a bug in a session would.
import { setTimeout } from 'node:timers';
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import('../../agent/src/runtimes/local/shard.ts');
// After the shard's own listener: a listener attached earlier would start the port before the
// shard listens, and the shard would miss the sessions sent while it loaded.
parentPort.on('message', (m) => {
  if (m.type === 'open' && m.origin === 'http://crash.test') {
    setTimeout(() => {
      throw new Error('injected session-thread failure');
    }, 1000);
  }
});
