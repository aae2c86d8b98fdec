// Refuses to start on a Node older than the one Polyglot runs on (agent/package.json `engines`:
// the image's major, which CI and the tests use too), with what to install. Plain JavaScript that
// any Node since 12 parses, so an old Node reaches the message instead of a syntax error.
// `npm start` runs it before the build (package.json `prestart`); agent/bin/polyglot.js imports it.
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const wanted = /(\d+)/.exec(pkg.engines.node)[1];
const major = Number(process.versions.node.split('.')[0]);
if (major < Number(wanted)) {
  process.stderr.write(
    'Polyglot needs Node ' +
      wanted +
      ' or newer; this is Node ' +
      process.versions.node +
      ' (' +
      process.execPath +
      ').\n' +
      'Install Node ' +
      wanted +
      ' LTS (https://nodejs.org, or nvm install ' +
      wanted +
      '), or run .ci/install-node.sh and put the directory it prints first on PATH.\n',
  );
  process.exit(1);
}
