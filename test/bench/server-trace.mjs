/**
 * `npm run bench -- --trace`: loaded into the benchmark's `polyglot serve` process (and, through
 * its inherited `--import`, into every session thread), it dates the steps of a turn inside the
 * server, so the trace can say where the server's part of a turn goes. Benchmark tooling only:
 * it wraps a few methods of agents-js 1.9, the OpenAI SDK and `ws` to note when they are
 * called; what they do is unchanged. A method an upgrade renamed is skipped with a note.
 *
 * Each event is one JSON line in `POLYGLOT_SERVER_TRACE` ({at, thread, event}): `at` is
 * wall-clock ms with sub-ms precision (`performance.timeOrigin + performance.now()`, as the page's
 * trace is mapped).
 */
import dc from 'node:diagnostics_channel';
import { appendFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { threadId } from 'node:worker_threads';

const file = process.env.POLYGLOT_SERVER_TRACE;

if (file) {
  const note = (event) =>
    appendFileSync(
      file,
      `${JSON.stringify({ at: performance.timeOrigin + performance.now(), thread: threadId, event })}\n`,
    );
  /** Notes `event` when `proto[name]` is called (and `when(args)` holds). */
  const onCall = (proto, name, event, when = () => true) => {
    const f = proto?.[name];
    if (typeof f !== 'function') {
      note(`trace: ${name} not found, not traced`);
      return;
    }
    proto[name] = function (...args) {
      if (when(args)) note(event);
      return f.apply(this, args);
    };
  };

  const agents = import.meta.resolve('@livekit/agents');
  const { AudioRecognition } = await import(new URL('voice/audio_recognition.js', agents).href);
  const { AgentActivity } = await import(new URL('voice/agent_activity.js', agents).href);
  const { LLMStream } = await import(new URL('inference/llm.js', agents).href);
  const { OpenAI } = await import(import.meta.resolve('openai'));
  // agents-js's SpeechEventType.FINAL_TRANSCRIPT.
  const FINAL_TRANSCRIPT = 2;
  onCall(AudioRecognition.prototype, 'onSTTEvent', 'framework: final transcript', (a) => {
    return a[0]?.type === FINAL_TRANSCRIPT;
  });
  onCall(AgentActivity.prototype, 'generateReply', 'framework: generateReply');
  onCall(LLMStream.prototype, 'run', 'framework: LLM stream runs');
  onCall(LLMStream.prototype, 'parseChoice', 'framework: LLM chunk parsed');
  onCall(OpenAI.prototype, 'makeRequest', 'OpenAI client: request');
  dc.subscribe('undici:request:create', ({ request }) => {
    if (request.path.includes('/chat/completions')) note('undici: LLM request created');
  });
  dc.subscribe('undici:client:sendHeaders', ({ request }) => {
    if (request.path.includes('/chat/completions')) note('undici: LLM request sent');
  });
  dc.subscribe('undici:request:headers', ({ request }) => {
    if (request.path.includes('/chat/completions')) note('undici: LLM response');
  });

  // The plugins' sockets: Deepgram's final result in; Cartesia's request out, its audio in.
  const ws = createRequire(import.meta.resolve('@livekit/agents-plugin-deepgram'))('ws');
  const emit = ws.prototype.emit;
  ws.prototype.emit = function (event, ...args) {
    if (event === 'message' && !args[1]) {
      const url = String(this.url);
      if (url.includes('/v1/listen') && String(args[0]).includes('"is_final":true')) {
        note('Deepgram final received');
      } else if (url.includes('/tts/websocket') && String(args[0]).includes('"chunk"')) {
        note('Cartesia audio received');
      }
    }
    return emit.call(this, event, ...args);
  };
  const send = ws.prototype.send;
  ws.prototype.send = function (data, ...rest) {
    if (typeof data === 'string' && String(this.url).includes('/tts/websocket')) {
      note('Cartesia request sent');
    }
    // The main thread's socket to the page (the server's ws is this one; no url on that side).
    if (!this.url && typeof data === 'string' && data.includes('"audio_start"')) {
      note('main: audio_start sent to page');
    }
    return send.call(this, data, ...rest);
  };

  // The reply's audio inside the session thread: the framework hands a frame to the output,
  // and the output's audio_start leaves for the main thread.
  const { voice } = await import(agents);
  onCall(voice.AudioOutput.prototype, 'captureFrame', 'framework: audio frame to output');
  const { MessagePort } = await import('node:worker_threads');
  onCall(MessagePort.prototype, 'postMessage', 'session: audio_start to main thread', (a) => {
    const d = a[0]?.d;
    return typeof d === 'string' && d.includes('"audio_start"');
  });
}
