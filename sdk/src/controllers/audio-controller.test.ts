import { expect } from '@esm-bundle/chai';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { AudioController } from './audio-controller.js';

const host = (): ReactiveControllerHost & { controllers: ReactiveController[] } => {
  const controllers: ReactiveController[] = [];
  return {
    controllers,
    addController: (c) => controllers.push(c),
    removeController: () => {},
    requestUpdate: () => {},
    updateComplete: Promise.resolve(true),
  };
};
const quiet = { onMicLevel: () => {}, onOutputLevel: () => {} };

describe('AudioController', () => {
  it('closes a running AudioContext when the element leaves the page', async () => {
    const h = host();
    const audio = new AudioController(h);
    const engine = audio.create(quiet);
    await engine.start(16_000, false);
    const ctx = engine.context!;
    expect(ctx.state).to.equal('running');
    expect(audio.running).to.equal(1);
    h.controllers.forEach((c) => c.hostDisconnected?.());
    expect(audio.running).to.equal(0);
    if (ctx.state !== 'closed')
      await new Promise<void>((resolve) => (ctx.onstatechange = () => resolve()));
    expect(ctx.state).to.equal('closed');
  });

  it('forgets engines the transport already stopped', async () => {
    const audio = new AudioController(host());
    const first = audio.create(quiet);
    await first.start(16_000, false);
    await first.stop();
    audio.create(quiet);
    expect(audio.running).to.equal(0);
  });
});
