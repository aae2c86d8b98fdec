/**
 * LiveKit session descriptors: one room per session. The room is created, and the agent
 * dispatched to it, as the session is asked for, so the agent's job starts while the caller's
 * page is still joining; the token carries the same dispatch in case the room could not be
 * created then (the page's join creates it).
 */
import { AccessToken, RoomServiceClient } from 'livekit-server-sdk';
import { RoomAgentDispatch, RoomConfiguration, TrackSource } from '@livekit/protocol';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { LIVEKIT, type SessionDescriptor } from '../../../../sdk/src/protocol/messages.js';

/**
 * How long a session token can open its room. livekit-client reconnects with the refreshed token
 * the server hands it while connected, so this bounds only how long an unused token keeps.
 */
export const TOKEN_TTL_SECONDS = 10 * 60;

/**
 * How long a room created for a session waits for its caller before LiveKit closes it (and the
 * job waiting in it ends). The widget joins as soon as it has the token; a later join is refused
 * (the room's name was claimed by its first dispatch: hub.ts, `claimRoom`).
 */
export const ROOM_EMPTY_TIMEOUT_SECONDS = 60;

/** How long the session request waits for LiveKit to create the room before going on without. */
const CREATE_ROOM_TIMEOUT_MS = 2000;

export async function mintLiveKitSession(
  livekit: { url: string; apiKey: string; apiSecret: string },
  opts: { partner: string; lang: string | undefined; logger?: Logger },
): Promise<SessionDescriptor> {
  const room = `polyglot-${randomUUID()}`;
  // The caller's and the dispatch's metadata: what the job reads back (worker.ts, parseDispatch).
  const metadata = JSON.stringify({ partner: opts.partner, lang: opts.lang });
  const at = new AccessToken(livekit.apiKey, livekit.apiSecret, {
    identity: `user-${randomUUID()}`,
    ttl: TOKEN_TTL_SECONDS,
    metadata,
  });
  at.addGrant({ room, roomJoin: true, canPublish: true, canSubscribe: true, canPublishData: true });
  const agents = [new RoomAgentDispatch({ agentName: LIVEKIT.AGENT_NAME, metadata })];
  at.roomConfig = new RoomConfiguration({ agents });
  await new RoomServiceClient(livekit.url, livekit.apiKey, livekit.apiSecret, {
    requestTimeout: CREATE_ROOM_TIMEOUT_MS / 1000,
  })
    .createRoom({ name: room, agents, emptyTimeout: ROOM_EMPTY_TIMEOUT_SECONDS })
    .catch((err: unknown) =>
      opts.logger?.warn({ err, room }, 'could not create the room ahead of the caller'),
    );
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
