/**
 * `npm run simulate -- [--scenario NAME] [--fast] [--headed] [--runtime local|livekit]`: plays the simulated callers and
 * writes reports/sim-<time>/report.{json,md} with a screenshot per scenario.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { initializeLogger } from '@livekit/agents';
import { markdownReport, runScenario, writeReport, type ScenarioResult } from './runner.js';
import { scenarios } from './scenarios.js';

const { values } = parseArgs({
  options: {
    scenario: { type: 'string', multiple: true },
    fast: { type: 'boolean', default: false },
    headed: { type: 'boolean', default: false },
    list: { type: 'boolean', default: false },
    runtime: { type: 'string', default: 'local' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log(`npm run simulate -- [--scenario NAME]... [--fast] [--headed] [--list]

  --scenario NAME  run only this scenario (repeatable); --list shows them (* = fast subset)
  --fast           the fast subset that npm test runs
  --headed         show the browser
  --runtime R      local (default: the WebSocket runtime) or livekit (a real LiveKit server and
                   \`polyglot worker\`, inside network namespaces of their own; needs root and
                   test/livekit/install-server.sh)
Reports go to reports/sim-<time>/report.{json,md}, with a screenshot per scenario.`);
  process.exit(0);
}

if (values.list) {
  for (const s of scenarios)
    console.log(`${s.fast ? '*' : ' '} ${s.name.padEnd(26)} ${s.description}`);
  process.exit(0);
}
const runtime = values.runtime;
if (runtime !== 'local' && runtime !== 'livekit') {
  console.error(`--runtime is local or livekit, not "${runtime}"`);
  process.exit(2);
}
if (runtime === 'livekit' && !process.env.POLYGLOT_NETNS) {
  // Run again inside the test's own network namespaces: no WebRTC packet leaves them.
  const script = join(import.meta.dirname, '../livekit/in-netns.sh');
  const child = spawnSync(
    'bash',
    [script, process.execPath, ...process.execArgv, ...process.argv.slice(1)],
    {
      stdio: 'inherit',
    },
  );
  process.exit(child.status ?? 1);
}
initializeLogger({ pretty: false, level: process.env.LOG_LEVEL ?? 'fatal' });
const chosen = scenarios.filter(
  (s) => (!values.scenario || values.scenario.includes(s.name)) && (!values.fast || s.fast),
);
if (chosen.length === 0) {
  console.error(`No scenario matches. Known: ${scenarios.map((s) => s.name).join(', ')}`);
  process.exit(2);
}
const dir = `reports/sim-${runtime === 'livekit' ? 'livekit-' : ''}${new Date().toISOString().replace(/[:.]/g, '-')}`;
const results: ScenarioResult[] = [];
for (const s of chosen) {
  const r = await runScenario(s, { headed: values.headed, reportDir: dir, runtime });
  results.push(r);
  console.log(
    `${r.ok ? 'pass' : 'FAIL'}  ${s.name} (${(r.durationMs / 1000).toFixed(1)} s)${r.bargeInMs.length ? ` barge-in ${r.bargeInMs.join(',')} ms` : ''}`,
  );
  for (const c of r.checks.filter((c) => !c.ok)) console.log(`      ✗ ${c.name}: ${c.detail}`);
  for (const n of r.notes) console.log(`      # ${n}`);
  if (r.error) console.log(`      ✗ ${r.error}`);
}
await writeReport(dir, results);
console.log(`\n${markdownReport(results)}\nReport: ${dir}/report.md`);
console.log(
  `${results.filter((r) => r.ok).length} passed, ${results.filter((r) => !r.ok).length} failed`,
);
// Exit now: a provider fake's or browser's lingering keep-alive must not hold the report back.
process.exit(results.every((r) => r.ok) ? 0 : 1);
