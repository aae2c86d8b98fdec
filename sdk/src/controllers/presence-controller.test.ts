import { expect } from '@esm-bundle/chai';
import { loudness } from './presence-controller.js';

describe('loudness', () => {
  it('shows speech at a normal distance mid-way, a quiet room as nothing, loud speech as full', () => {
    expect(loudness(0)).to.equal(0);
    expect(loudness(0.002), 'the room (-54 dBFS)').to.equal(0);
    expect(loudness(0.05), 'speech, arm’s length (-26 dBFS)').to.be.within(0.5, 0.7);
    expect(loudness(0.4), 'close and loud').to.equal(1);
    // Even steps of loudness: each halving of the RMS takes off the same amount.
    expect(loudness(0.1) - loudness(0.05)).to.be.closeTo(loudness(0.05) - loudness(0.025), 1e-9);
  });
});
