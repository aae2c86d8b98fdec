/**
 * A controllable microphone for the page: `getUserMedia` returns a stream fed from a Web Audio
 * graph the simulator drives, so a caller can speak at an exact moment (e.g. 800 ms into the
 * agent's reply). The widget's own capture path (in Chromium its socket Worker reads the track's
 * frames; elsewhere a capture worklet) is unchanged. It also samples the widget's played-audio
 * counter every millisecond or so (a timer, not animation frames, which would date each change up
 * to 16 ms late), to time barge-in and the first reply audio: `played` is [page time seen, samples played, ms played, page time the
 * speaker reached that count (`stats.playedAt`, from the audio clock)] at each change.
 */
export const MIC_INIT_SCRIPT = `(() => {
  const sim = { ctx: null, dest: null, says: [], played: [] };
  window.__sim = sim;
  navigator.mediaDevices.getUserMedia = async () => {
    sim.ctx = new AudioContext();
    sim.dest = sim.ctx.createMediaStreamDestination();
    // A low noise floor, like a real room, so the VAD sees a live signal between utterances.
    const noise = sim.ctx.createBuffer(1, sim.ctx.sampleRate, sim.ctx.sampleRate);
    const d = noise.getChannelData(0);
    let seed = 7;
    for (let i = 0; i < d.length; i++) { seed = (seed * 16807) % 2147483647; d[i] = ((seed / 2147483647) - 0.5) * 0.002; }
    const src = sim.ctx.createBufferSource();
    src.buffer = noise; src.loop = true; src.connect(sim.dest); src.start();
    await sim.ctx.resume();
    return sim.dest.stream;
  };
  sim.say = (samples, rate) => {
    const buf = sim.ctx.createBuffer(1, samples.length, rate);
    const ch = buf.getChannelData(0);
    for (let i = 0; i < samples.length; i++) ch[i] = samples[i] / 32768;
    const s = sim.ctx.createBufferSource();
    s.buffer = buf; s.connect(sim.dest); s.start();
    const t = performance.now();
    sim.says.push(t);
    return new Promise((ok) => { s.onended = () => ok(performance.now() - t); });
  };
  const tick = () => {
    const el = document.querySelector('polyglot-assistant');
    if (el && el.stats) {
      const p = el.stats.playedSamples;
      const last = sim.played[sim.played.length - 1];
      if (!last || last[1] !== p) sim.played.push([performance.now(), p, el.stats.playedMs, el.stats.playedAt]);
    }
  };
  setInterval(tick, 1);
})();`;

/** [page time seen, samples played, ms played, page time the speaker reached it]. */
export type PlayedMark = [number, number, number?, number?];

/**
 * Which moment a mark stands for. `page`: when the widget's playback worklet had rendered the
 * count, as the page saw it (the figures the goals are set on: "in the page"). `speaker`:
 * when the speaker reached it, from the audio clock (`stats.playedAt`): exact however busy the
 * page, and later by the output device's latency (32 ms on headless Chromium's fake device).
 */
export type PlayedClock = 'page' | 'speaker';

const reached = (m: PlayedMark, clock: PlayedClock) =>
  clock === 'speaker' ? (m[3] ?? m[0]) : m[0];

/**
 * The agent's voice pauses between words and sentences: up to ~350 ms in the fakes' espeak
 * speech, and a LiveKit page's voice meter counts only audible audio, so its counter stands still
 * through those pauses. A pause this long is the voice having stopped; a caller's words over it
 * take longer than this to be answered, so the answer's audio never joins the cut reply's.
 */
export const STOPPED_GAP_MS = 600;

/** How recently the voice must have advanced for words to count as spoken over it. */
export const OVER_VOICE_MS = 400;

/**
 * From the played-samples timeline, the time from each utterance onset to the moment the agent
 * audio stopped advancing in the page (the last count before {@link STOPPED_GAP_MS} without a new
 * one), if the voice was playing then (a count within {@link OVER_VOICE_MS} before the onset, and
 * one after it).
 */
export function bargeInTimes(says: number[], played: PlayedMark[]): number[] {
  const out: number[] = [];
  for (const t0 of says) {
    const before = played.filter(([t]) => t <= t0).at(-1);
    const after = played.filter(([t]) => t > t0);
    if (!before || t0 - before[0] > OVER_VOICE_MS || after.length === 0) continue;
    let lastChange = before[0];
    for (const [t] of after) {
      if (t - lastChange >= STOPPED_GAP_MS) break;
      lastChange = t;
    }
    out.push(Math.max(0, lastChange - t0));
  }
  return out;
}

/**
 * When the first agent sample after page time `after` was played. The counter moves in steps
 * (the playback worklet reports every ~23 ms, the page samples it every ~1 ms), so a step is seen
 * up to ~25 ms after the audio it counts began: the first sample played the milliseconds it
 * advanced before the step, and not before the previous step.
 */
export function firstPlayedAfter(
  played: PlayedMark[],
  after: number,
  clock: PlayedClock = 'page',
): number {
  const i = played.findIndex(
    (m, k) => reached(m, clock) > after && m[1] > (played[k - 1]?.[1] ?? 0),
  );
  if (i < 0) return NaN;
  const mark = played[i]!;
  const prev = played[i - 1];
  const ms = mark[2];
  if (!prev || ms === undefined || prev[2] === undefined) return reached(mark, clock);
  return Math.max(reached(prev, clock), reached(mark, clock) - (ms - prev[2]));
}
