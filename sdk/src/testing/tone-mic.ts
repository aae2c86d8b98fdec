/**
 * A microphone that hears a steady tone: a live MediaStream from an OscillatorNode, on its own
 * AudioContext (as a device is separate from the widget's context). Close `ctx` when done.
 */
export async function toneMic(hz: number, amplitude: number) {
  const ctx = new AudioContext();
  const dest = ctx.createMediaStreamDestination();
  const osc = ctx.createOscillator();
  osc.frequency.value = hz;
  const gain = ctx.createGain();
  gain.gain.value = amplitude;
  osc.connect(gain).connect(dest);
  osc.start();
  await ctx.resume();
  return { ctx, stream: dest.stream };
}

/** Rising zero crossings per second of PCM16 at `rate`: the frequency of a pure tone. */
export function toneHz(pcm: Int16Array, rate: number): number {
  let rising = 0;
  for (let i = 1; i < pcm.length; i++) if (pcm[i - 1]! < 0 && pcm[i]! >= 0) rising++;
  return (rising * rate) / pcm.length;
}
