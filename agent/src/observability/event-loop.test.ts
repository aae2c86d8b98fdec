import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EventLoopMonitor } from './event-loop.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('EventLoopMonitor', () => {
  it('reports nothing before its first window closes', () => {
    const m = new EventLoopMonitor(60_000);
    assert.equal(m.summary().delayP99Ms, null);
    assert.doesNotMatch(m.prometheus(), /quantile/);
    m.close();
  });

  it('shows a blocked event loop as delay and utilization, then forgets it', async () => {
    const m = new EventLoopMonitor(300);
    await sleep(20);
    const until = performance.now() + 150;
    while (performance.now() < until); // a callback that hogs the loop for 150 ms
    await sleep(330);
    const busy = m.summary();
    assert.ok(busy.delayMaxMs! >= 100, `max delay ${busy.delayMaxMs} ms`);
    assert.ok(busy.utilization! > 0.3, `utilization ${busy.utilization}`);
    assert.match(m.prometheus(), /polyglot_event_loop_delay_seconds\{quantile="1"\} 0\.[1-9]/);
    await sleep(300); // an idle window replaces it
    assert.ok(m.summary().delayMaxMs! < 100, `idle max delay ${m.summary().delayMaxMs} ms`);
    m.close();
  });
});
