/**
 * Keeps every RTCPeerConnection the page opens, so that a test can read the audio it receives:
 * the benchmark's `--trace` under LiveKit (where WebRTC holds the audio: the jitter buffer, the
 * playout path), and the LiveKit console test (which streams the caller's page plays). Runs in
 * the page before the widget loads.
 */
export interface RtcAudioStats {
  /**
   * Each inbound audio stream: its track, what it received and played, and its jitter buffer's
   * mean delay per emitted sample with its target and minimum (NaN before any sample).
   */
  inbound: {
    trackId: string;
    bytes: number;
    /** `totalAudioEnergy`: grows while the page plays the stream's sound. */
    energy: number;
    jitterBufferMs: number;
    targetMs: number;
    minimumMs: number;
    /** RFC 3550 interarrival jitter. */
    jitterMs: number;
    packets: number;
    codec: string;
  }[];
  /** The playout path's mean delay (Chromium's `media-playout` stats). */
  playoutMs: number[];
  /** The selected candidate pairs' round trips. */
  rttMs: number[];
}

export function install(): void {
  const w = window as unknown as {
    __pcs: RTCPeerConnection[];
    __rtcAudioStats: () => Promise<RtcAudioStats>;
  };
  w.__pcs = [];
  w.__rtcAudioStats = readRtcAudioStats;
  const Native = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Native {
    constructor(config?: RTCConfiguration) {
      super(config);
      w.__pcs.push(this);
    }
  };
}

const ms = (seconds: number | undefined, count: number | undefined) =>
  seconds !== undefined && count ? (seconds / count) * 1000 : NaN;

/** In the page (`window.__rtcAudioStats()`): the audio stats of every connection it opened. */
async function readRtcAudioStats(): Promise<RtcAudioStats> {
  const w = window as unknown as { __pcs: RTCPeerConnection[] };
  const out: RtcAudioStats = { inbound: [], playoutMs: [], rttMs: [] };
  for (const pc of w.__pcs) {
    const report = await pc.getStats();
    const codecs = new Map<string, string>();
    report.forEach((s: Record<string, string>) => {
      if (s.type === 'codec') codecs.set(s.id!, s.mimeType!);
    });
    report.forEach((s: Record<string, number | string | boolean | undefined>) => {
      if (s.type === 'inbound-rtp' && s.kind === 'audio') {
        const emitted = s.jitterBufferEmittedCount as number | undefined;
        out.inbound.push({
          trackId: String(s.trackIdentifier),
          bytes: Number(s.bytesReceived ?? 0),
          energy: Number(s.totalAudioEnergy ?? 0),
          jitterBufferMs: ms(s.jitterBufferDelay as number, emitted),
          targetMs: ms(s.jitterBufferTargetDelay as number, emitted),
          minimumMs: ms(s.jitterBufferMinimumDelay as number, emitted),
          jitterMs: Number(s.jitter) * 1000,
          packets: Number(s.packetsReceived ?? 0),
          codec: codecs.get(String(s.codecId)) ?? '?',
        });
      }
      if (s.type === 'media-playout')
        out.playoutMs.push(ms(s.totalPlayoutDelay as number, s.totalSamplesCount as number));
      if (s.type === 'candidate-pair' && s.nominated && s.currentRoundTripTime !== undefined)
        out.rttMs.push(Number(s.currentRoundTripTime) * 1000);
    });
  }
  return out;
}
