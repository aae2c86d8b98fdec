import { Room } from '@livekit/rtc-node';
import { AccessToken } from 'livekit-server-sdk';
import { startLiveKitServer } from '../e2e/livekit-stack.js';

const lk = await startLiveKitServer();
for (let i = 0; i < 4; i++) {
  const at = new AccessToken(lk.apiKey, lk.apiSecret, { identity: `probe-${i}` });
  at.addGrant({ room: `probe-room-${i}`, roomJoin: true, canPublish: true, canSubscribe: true });
  const room = new Room();
  const t0 = performance.now();
  await room.connect(lk.url, await at.toJwt(), { autoSubscribe: true, dynacast: true });
  console.log(`connect ${i}: ${Math.round(performance.now() - t0)} ms`);
  await room.disconnect();
}
await lk.close();
process.exit(0);
