/**
 * How long a caller waits to learn that the agent joined: two rtc-node participants in a room on
 * the test LiveKit server, the "agent" joining second; the "caller" sends `start` the moment it
 * sees the agent, as the widget does. With `--quiet-agent` the agent announces nothing after
 * joining, and the caller learns of it only in the server's next 3 s batch of updates for
 * participants that publish nothing (docs/simulation.md § LiveKit runs). Not a test: run it with
 * `bash test/livekit/in-netns.sh node --import tsx test/livekit/probe-join.ts [--quiet-agent]`.
 */
import { Room, RoomEvent } from '@livekit/rtc-node';
import { AccessToken } from 'livekit-server-sdk';
import { LIVEKIT } from '../../sdk/src/protocol/messages.js';
import { startLiveKitServer } from '../e2e/livekit-stack.js';

const quiet = process.argv.includes('--quiet-agent');
const lk = await startLiveKitServer();
const token = (identity: string, room: string) => {
  const at = new AccessToken(lk.apiKey, lk.apiSecret, { identity });
  at.addGrant({
    room,
    roomJoin: true,
    canPublish: true,
    canSubscribe: true,
    canUpdateOwnMetadata: true,
  });
  return at.toJwt();
};
const within = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<undefined>((ok) => setTimeout(() => ok(undefined), ms))]);

for (let i = 0; i < 3; i++) {
  const name = `probe-${i}`;
  const caller = new Room();
  await caller.connect(lk.url, await token('caller', name), {
    autoSubscribe: true,
    dynacast: false,
  });
  const agent = new Room();
  const t0 = performance.now();
  const seen = new Promise<number>((ok) =>
    caller.on(RoomEvent.ParticipantConnected, () => {
      ok(performance.now() - t0);
      void caller.localParticipant!.sendText('{"type":"start"}', { topic: LIVEKIT.TOPIC_CLIENT });
    }),
  );
  const received = new Promise<number>((ok) =>
    agent.registerTextStreamHandler(LIVEKIT.TOPIC_CLIENT, async (reader) => {
      await reader.readAll();
      ok(performance.now() - t0);
    }),
  );
  await agent.connect(lk.url, await token('agent', name), { autoSubscribe: true, dynacast: false });
  const connected = performance.now() - t0;
  if (!quiet)
    await agent.localParticipant!.setAttributes({ [LIVEKIT.ATTR_AGENT_STATE]: 'initializing' });
  const ms = (v: number | undefined) => (v === undefined ? 'never (10 s)' : `${Math.round(v)} ms`);
  console.log(
    `agent connected ${ms(connected)}, caller saw it ${ms(await within(seen, 10_000))}, ` +
      `start reached the agent ${ms(await within(received, 10_000))}`,
  );
  await caller.disconnect();
  await agent.disconnect();
}
await lk.close();
process.exit(0);
