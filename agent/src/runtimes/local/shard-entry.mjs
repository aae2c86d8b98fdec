// A session thread's entry point. Loader hooks do not reach worker threads on Node 20 (neither
// `--import tsx` nor agent/bin/polyglot.js's run-time `register()`), so the thread registers tsx
// itself before loading its TypeScript.
import { register } from 'tsx/esm/api';

register();
await import('./shard.ts');
