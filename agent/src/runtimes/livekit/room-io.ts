/**
 * The LiveKit runtime's I/O around the voice-session core, beside the framework's own room I/O
 * (which carries the audio, the agent state attribute and `lk.transcription`):
 *
 * - the widget's `start` message (language, page context, resume), read from
 *   `polyglot.client` before the agent starts, and the offers the caller chooses after;
 * - the core's messages (transcript with turns, tool progress, cards, errors, barge-in notices),
 *   published on `polyglot.events` as the same JSON the local socket carries;
 * - the reply's text, teed to the core next to the room's transcription output;
 * - the room's audio output's pause, resume and cut, told to the widget the moment the
 *   framework makes them, not when the interrupted reply is finally done.
 */
import { voice } from '@livekit/agents';
import type { Room, TextStreamReader } from '@livekit/rtc-node';
import type { Logger } from 'pino';
import {
  LIVEKIT,
  type ServerMessage,
  type SessionStart,
} from '../../../../sdk/src/protocol/messages.js';
import { parseRoomClientMessage } from '../local/protocol.js';

/** The part of `LocalParticipant` we use; tests inject a recorder. */
export interface TextSender {
  sendText(text: string, options?: { topic?: string }): Promise<unknown>;
}

export interface RoomEventPublisher {
  publish(message: ServerMessage): void;
  /** Resolves when everything published so far was handed to the SDK. */
  flushed(): Promise<void>;
}

/**
 * What the room carries of the core's messages: everything but the agent's state, which the
 * framework already sets as the `lk.agent.state` attribute. They go as text streams (`sendText`),
 * not data packets: a set of flight offers can exceed a reliable data packet's ~15 KB, and text
 * streams are chunked by the SDK.
 */
export function createRoomEventPublisher(sender: TextSender, logger?: Logger): RoomEventPublisher {
  // In order: a card must never arrive before the "searching" it belongs to.
  let chain: Promise<void> = Promise.resolve();
  return {
    publish(message) {
      if (message.type === 'agent_state') return;
      const text = JSON.stringify(message);
      chain = chain.then(() =>
        sender.sendText(text, { topic: LIVEKIT.TOPIC_EVENTS }).then(
          () => undefined,
          (err: unknown) => logger?.warn({ err, type: message.type }, 'could not publish event'),
        ),
      );
    },
    flushed: () => chain,
  };
}

/**
 * The widget's messages on `polyglot.client`. `forParticipant` resolves with the `start` message
 * `identity` sends, or with `{}` after `timeoutMs` (an older widget, or a client that is not ours:
 * the partner's defaults apply); `onOfferSelected` then hears that caller's chosen offers (others'
 * are ignored). The handler is registered before the job connects, so a message sent the moment
 * the agent joins is not missed.
 */
export function awaitStart(
  room: Room,
  logger: Logger,
): {
  forParticipant(identity: string, timeoutMs: number): Promise<SessionStart>;
  onOfferSelected(identity: string, handler: (offerId: string) => void): void;
} {
  const received = new Map<string, SessionStart>();
  const waiters = new Map<string, (s: SessionStart) => void>();
  let offers: { identity: string; handler: (offerId: string) => void } | undefined;
  room.registerTextStreamHandler(LIVEKIT.TOPIC_CLIENT, (reader: TextStreamReader, from) => {
    void reader.readAll().then((raw) => {
      const parsed = parseRoomClientMessage(raw);
      if (!parsed.ok) {
        logger.warn({ reason: parsed.reason }, 'ignoring a malformed client message');
        return;
      }
      const m = parsed.message;
      if (m.type === 'offer_selected') {
        if (offers?.identity === from.identity) offers.handler(m.offerId);
        else
          logger.warn({ identity: from.identity }, 'ignoring an offer choice: no session for it');
        return;
      }
      const { type: _t, protocol: _p, ...start } = m;
      received.set(from.identity, start);
      waiters.get(from.identity)?.(start);
    });
  });
  return {
    forParticipant(identity, timeoutMs) {
      const known = received.get(identity);
      if (known) return Promise.resolve(known);
      return new Promise<SessionStart>((ok) => {
        const timer = setTimeout(() => {
          waiters.delete(identity);
          logger.warn({ identity }, 'no start message from the caller; using the defaults');
          ok({});
        }, timeoutMs);
        waiters.set(identity, (s) => {
          clearTimeout(timer);
          waiters.delete(identity);
          ok(s);
        });
      });
    },
    onOfferSelected(identity, handler) {
      offers = { identity, handler };
    },
  };
}

/**
 * Sends the reply's text to the core as well as to the room's own output. The framework attaches
 * and detaches the session's text output; those go to both, so the room's synchronizer stays on.
 */
export class TeeTextOutput extends voice.ParalellTextOutput {
  readonly #sinks: voice.ParalellTextOutput['_sinks'];
  constructor(sinks: voice.ParalellTextOutput['_sinks']) {
    super(sinks);
    this.#sinks = sinks;
  }
  override onAttached(): void {
    for (const s of this.#sinks) s.onAttached();
  }
  override onDetached(): void {
    for (const s of this.#sinks) s.onDetached();
  }
}

/**
 * Tells the widget the moment the framework pauses the room's audio output (the caller started
 * talking over the reply), resumes it (it was a cough) or cuts it (a real interruption), instead
 * of when the interrupted reply is finally done. The output itself is the framework's: its three
 * calls are wrapped on the instance rather than chained behind a new AudioOutput, whose segment
 * accounting (captured vs finished, the synchronizer's drift repair) would have to be redone.
 */
export function noticeAudioControl(
  output: voice.AudioOutput,
  notify: (m: ServerMessage) => void,
): void {
  const pause = output.pause.bind(output);
  const resume = output.resume.bind(output);
  const clearBuffer = output.clearBuffer.bind(output);
  output.pause = () => {
    pause();
    notify({ type: 'audio_pause' });
  };
  output.resume = () => {
    resume();
    notify({ type: 'audio_resume' });
  };
  output.clearBuffer = () => {
    clearBuffer();
    notify({ type: 'audio_clear' });
  };
}
