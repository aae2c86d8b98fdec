/**
 * Our own events in a LiveKit room: flight tool progress and results for the widget, as the same
 * JSON the local runtime sends (`tool`, `flight_results`), on topic `polyglot.events`.
 *
 * They go as text streams (`sendText`), not data packets: a set of flight offers can exceed the
 * ~15 KB limit of a reliable data packet, and text streams are chunked by the SDK.
 */
import { voice } from '@livekit/agents';
import type { Logger } from 'pino';
import type { AudioClearMessage } from '../../../../sdk/src/protocol/messages.js';
import { POLYGLOT_EVENTS_TOPIC, type ToolEventMessage } from '../tool-events.js';

/** What the worker publishes on `polyglot.events`. */
export type RoomEventMessage = ToolEventMessage | AudioClearMessage;

/** The part of `LocalParticipant` we use; tests inject a recorder. */
export interface TextSender {
  sendText(text: string, options?: { topic?: string }): Promise<unknown>;
}

export interface RoomEventPublisher {
  publish(message: RoomEventMessage): void;
  /** Resolves when everything published so far was handed to the SDK. */
  flushed(): Promise<void>;
}

export function createRoomEventPublisher(sender: TextSender, logger?: Logger): RoomEventPublisher {
  // In order: a card must never arrive before the "searching" it belongs to.
  let chain: Promise<void> = Promise.resolve();
  return {
    publish(message) {
      const text = JSON.stringify(message);
      chain = chain.then(() =>
        sender.sendText(text, { topic: POLYGLOT_EVENTS_TOPIC }).then(
          () => undefined,
          (err: unknown) => logger?.warn({ err, type: message.type }, 'could not publish event'),
        ),
      );
    },
    flushed: () => chain,
  };
}

/** The part of `AgentSession` that announces speech handles. */
export interface SpeechSource {
  on(
    event: typeof voice.AgentSessionEventTypes.SpeechCreated,
    listener: (ev: {
      speechHandle: {
        interrupted: boolean;
        addDoneCallback(cb: (h: { interrupted: boolean }) => void): void;
      };
    }) => void,
  ): unknown;
}

/**
 * Barge-in for the widget: when a reply ends interrupted, `audio_clear` (the same message the
 * local runtime sends), so the widget shows "interrupted" and drops its playback state.
 * WebRTC playback itself is stopped by the framework.
 */
export function publishInterruptions(session: SpeechSource, publisher: RoomEventPublisher): void {
  session.on(voice.AgentSessionEventTypes.SpeechCreated, (ev) => {
    ev.speechHandle.addDoneCallback((h) => {
      if (h.interrupted) publisher.publish({ type: 'audio_clear' });
    });
  });
}
