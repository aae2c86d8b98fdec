/**
 * LiveKit session descriptors: one room per session, the agent dispatched through the token.
 */
import { AccessToken } from 'livekit-server-sdk';
import { RoomAgentDispatch, RoomConfiguration } from '@livekit/protocol';
import { randomUUID } from 'node:crypto';
import { LIVEKIT, type SessionDescriptor } from '../../../../sdk/src/protocol/messages.js';

/**
 * How long a session token can open its room. livekit-client reconnects with the refreshed token
 * the server hands it while connected, so this bounds only how long an unused token keeps.
 */
export const TOKEN_TTL_SECONDS = 10 * 60;

export async function mintLiveKitSession(
  livekit: { url: string; apiKey: string; apiSecret: string },
  opts: { partner: string; lang: string | undefined },
): Promise<SessionDescriptor> {
  const room = `polyglot-${randomUUID()}`;
  const at = new AccessToken(livekit.apiKey, livekit.apiSecret, {
    identity: `user-${randomUUID()}`,
    ttl: TOKEN_TTL_SECONDS,
    metadata: JSON.stringify({ partner: opts.partner, lang: opts.lang }),
  });
  at.addGrant({ room, roomJoin: true, canPublish: true, canSubscribe: true, canPublishData: true });
  at.roomConfig = new RoomConfiguration({
    agents: [
      new RoomAgentDispatch({
        agentName: LIVEKIT.AGENT_NAME,
        metadata: JSON.stringify({ partner: opts.partner, lang: opts.lang }),
      }),
    ],
  });
  return {
    transport: 'livekit',
    url: livekit.url,
    token: await at.toJwt(),
    expiresAt: Date.now() + TOKEN_TTL_SECONDS * 1000,
  };
}
