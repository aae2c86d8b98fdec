/**
 * LiveKit session descriptors: one room per session, the agent dispatched through the token.
 */
import { AccessToken } from 'livekit-server-sdk';
import { RoomAgentDispatch, RoomConfiguration, TrackSource } from '@livekit/protocol';
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

/**
 * A token for a person in the operator console to join a session's room by voice: their
 * microphone only (no camera, screen or data: their words reach the caller as audio, and the
 * agent, which listens to the caller alone, does not hear them), marked as an operator in its
 * identity and attributes. Short-lived: it is used at once by the console page.
 */
export async function mintOperatorToken(
  livekit: { url: string; apiKey: string; apiSecret: string },
  opts: { room: string; username: string },
): Promise<{ url: string; token: string; identity: string }> {
  const identity = `operator-${opts.username}-${randomUUID().slice(0, 8)}`;
  const at = new AccessToken(livekit.apiKey, livekit.apiSecret, {
    identity,
    name: opts.username,
    ttl: 5 * 60,
    attributes: { 'polyglot.role': 'operator' },
  });
  at.addGrant({
    room: opts.room,
    roomJoin: true,
    canPublish: true,
    canPublishSources: [TrackSource.MICROPHONE],
    canSubscribe: true,
    canPublishData: false,
  });
  return { url: livekit.url, token: await at.toJwt(), identity };
}
