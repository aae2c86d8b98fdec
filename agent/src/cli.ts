/**
 * `polyglot <command>`: the process entry. The commands live in cli/main.ts.
 */
import { ConfigError } from './config.js';
import { main } from './cli/main.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof ConfigError) console.error(err.message);
    else console.error(err);
    process.exitCode = 1;
  },
);
