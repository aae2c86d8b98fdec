/**
 * The simulator's fast subset, on every `npm test`: simulated callers against the real widget and
 * agent (`npm run simulate` runs them all and writes a report).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runScenario } from '../sim/runner.js';
import { scenarios } from '../sim/scenarios.js';

const chosen = process.env.SIM_ALL ? scenarios : scenarios.filter((s) => s.fast);

describe('simulated callers', () => {
  for (const scn of chosen) {
    it(`${scn.name}: ${scn.description}`, async () => {
      const r = await runScenario(scn);
      for (const n of r.notes) console.log(`# ${scn.name}: ${n}`);
      const failed = r.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`);
      if (r.error) failed.unshift(r.error);
      assert.deepEqual(
        failed,
        [],
        `transcript: ${JSON.stringify(r.transcript.map((t) => `${t.role}: ${t.text}`))}`,
      );
    });
  }
});
