/**
 * The simulator's callers over the production path: the widget in a LiveKit room on a real
 * LiveKit server, `polyglot worker` answering (`npm run simulate -- --runtime livekit` runs them
 * all). Runs inside the namespaces `npm run test:livekit` makes.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runScenario } from '../sim/runner.js';
import { scenarios } from '../sim/scenarios.js';

/**
 * The subset npm test runs over LiveKit: what the room path changes most, and the knowledge base,
 * which a job searches through its worker's hub.
 */
const LIVEKIT_FAST = ['barge-in', 'language-switch', 'network-drop', 'policy-question'];
const chosen = process.env.SIM_ALL
  ? scenarios
  : scenarios.filter((s) => LIVEKIT_FAST.includes(s.name));

describe('simulated callers over LiveKit', () => {
  for (const scn of chosen) {
    it(`${scn.name}: ${scn.description}`, async () => {
      const r = await runScenario(scn, { runtime: 'livekit' });
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
