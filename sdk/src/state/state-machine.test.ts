import { expect } from '@esm-bundle/chai';
import { StateMachine, type Signal } from './state-machine.js';

function run(signals: Signal[]): string[] {
  const m = new StateMachine();
  return signals.map((s) => m.apply(s));
}

describe('state machine', () => {
  it('walks a voice turn with a flight search', () => {
    expect(
      run([
        { type: 'connect' },
        { type: 'mic', hearing: true },
        { type: 'connected' },
        { type: 'agent', state: 'thinking' },
        { type: 'tool', id: 't1', status: 'started' },
        { type: 'agent', state: 'listening' },
        { type: 'tool', id: 't1', status: 'finished' },
        { type: 'agent', state: 'speaking' },
        { type: 'agent', state: 'listening' },
      ]),
    ).to.deep.equal([
      'connecting',
      'connecting',
      'listening',
      'thinking',
      'searching',
      'searching', // the agent idles while its tool runs: still searching
      'listening',
      'speaking',
      'listening',
    ]);
  });

  it('keeps speaking ahead of a tool that is still running', () => {
    const m = new StateMachine();
    m.apply({ type: 'connected' });
    m.apply({ type: 'tool', id: 'a', status: 'started' });
    expect(m.apply({ type: 'agent', state: 'speaking' })).to.equal('speaking');
    expect(m.apply({ type: 'agent', state: 'thinking' })).to.equal('searching');
  });

  it('holds "interrupted" until the hold ends or the agent answers again', () => {
    const m = new StateMachine();
    m.apply({ type: 'mic', hearing: true });
    m.apply({ type: 'connected' });
    m.apply({ type: 'agent', state: 'speaking' });
    expect(m.apply({ type: 'interrupted' })).to.equal('interrupted');
    expect(m.apply({ type: 'agent', state: 'listening' })).to.equal('interrupted');
    expect(m.apply({ type: 'settled' })).to.equal('listening');
    m.apply({ type: 'interrupted' });
    expect(m.apply({ type: 'agent', state: 'thinking' })).to.equal('thinking');
  });

  it('says listening only while a microphone is heard, ready otherwise', () => {
    const m = new StateMachine();
    m.apply({ type: 'connect' });
    expect(m.apply({ type: 'connected' }), 'a typed conversation').to.equal('ready');
    expect(m.apply({ type: 'mic', hearing: true })).to.equal('listening');
    expect(m.apply({ type: 'agent', state: 'speaking' })).to.equal('speaking');
    expect(m.apply({ type: 'mic', hearing: false }), 'muted while it speaks').to.equal('speaking');
    expect(m.apply({ type: 'agent', state: 'listening' })).to.equal('ready');
    expect(m.apply({ type: 'stopped' })).to.equal('idle');
    m.apply({ type: 'connect' });
    expect(m.apply({ type: 'connected' }), 'a new session starts unheard').to.equal('ready');
  });

  it('ignores a barge-in when no session is live', () => {
    expect(run([{ type: 'interrupted' }])).to.deep.equal(['idle']);
  });

  it('forgets running tools when the connection drops, fails or stops', () => {
    const m = new StateMachine();
    m.apply({ type: 'connected' });
    m.apply({ type: 'tool', id: 'a', status: 'started' });
    expect(m.apply({ type: 'dropped' })).to.equal('reconnecting');
    m.apply({ type: 'mic', hearing: true });
    expect(m.apply({ type: 'connected' })).to.equal('listening');
    expect(m.toolsRunning).to.equal(0);
    expect(m.apply({ type: 'failed' })).to.equal('error');
    expect(m.apply({ type: 'stopped' })).to.equal('idle');
  });
});
