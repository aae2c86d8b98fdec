/**
 * Test-only audio helpers: speech synthesis with espeak-ng (a separate process; GPL, never
 * linked) and WAV/PCM measurements used by the fakes and assertions.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Raw PCM16 mono at `rate` Hz of `text` spoken by espeak-ng in `voice`. */
export async function speakPcm(text: string, voice = 'en-us', rate = 24_000): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'polyglot-tts-'));
  const wav = join(dir, 'speech.wav');
  const raw = join(dir, 'speech.raw');
  await run('espeak-ng', ['-v', voice, '-w', wav, text]);
  await run('sox', [
    wav,
    '-t',
    'raw',
    '-r',
    String(rate),
    '-e',
    'signed',
    '-b',
    '16',
    '-c',
    '1',
    raw,
  ]);
  return readFile(raw);
}

const spoken = new Map<string, Promise<Buffer>>();

/**
 * `speakPcm`, remembered for the process: the speech fakes answer repeated text at once, so a
 * benchmark's figures do not include espeak-ng's own synthesis time.
 */
export function speakPcmCached(text: string, voice = 'en-us', rate = 24_000): Promise<Buffer> {
  const key = `${voice}|${rate}|${text}`;
  let pcm = spoken.get(key);
  if (!pcm) {
    pcm = speakPcm(text, voice, rate);
    pcm.catch(() => spoken.delete(key));
    spoken.set(key, pcm);
  }
  return pcm;
}

/**
 * A WAV file for Chromium's fake microphone: `leadS` seconds of silence, the utterances
 * separated by `gapS` seconds, then `tailS` seconds of silence. 48 kHz mono.
 */
export async function speechWav(
  utterances: { text: string; voice?: string }[],
  opts: { leadS?: number; gapS?: number; tailS?: number; out?: string } = {},
): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'polyglot-mic-'));
  const parts: string[] = [];
  for (const [i, u] of utterances.entries()) {
    const p = join(dir, `u${i}.wav`);
    await run('espeak-ng', ['-v', u.voice ?? 'en-us', '-w', p, u.text]);
    const r = join(dir, `u${i}-48k.wav`);
    const pad = i === utterances.length - 1 ? [] : ['pad', '0', String(opts.gapS ?? 3)];
    await run('sox', [p, '-r', '48000', '-c', '1', '-b', '16', r, ...pad]);
    parts.push(r);
  }
  const out = opts.out ?? join(dir, 'mic.wav');
  const joined = join(dir, 'joined.wav');
  if (parts.length === 1) await run('sox', [parts[0]!, joined]);
  else await run('sox', [...parts, joined]);
  await run('sox', [joined, out, 'pad', String(opts.leadS ?? 2), String(opts.tailS ?? 3)]);
  return out;
}

/** A WAV of pure silence (for negative tests). */
export async function silenceWav(seconds: number): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'polyglot-mic-'));
  const out = join(dir, 'silence.wav');
  await run('sox', ['-n', '-r', '48000', '-c', '1', '-b', '16', out, 'trim', '0', String(seconds)]);
  return out;
}

/** Duration (s) and RMS (0..1) of a PCM16 mono WAV held in memory. */
export function measureWav(wav: Uint8Array): { seconds: number; rms: number; sampleRate: number } {
  const view = new DataView(wav.buffer, wav.byteOffset, wav.byteLength);
  let offset = 12;
  let sampleRate = 16_000;
  while (offset + 8 <= wav.byteLength) {
    const id = String.fromCharCode(...wav.subarray(offset, offset + 4));
    const size = view.getUint32(offset + 4, true);
    if (id === 'fmt ') sampleRate = view.getUint32(offset + 12, true);
    if (id === 'data') {
      const start = offset + 8;
      const end = Math.min(wav.byteLength, start + size);
      const n = Math.floor((end - start) / 2);
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const v = view.getInt16(start + i * 2, true) / 32768;
        sum += v * v;
      }
      return { seconds: n / sampleRate, rms: n ? Math.sqrt(sum / n) : 0, sampleRate };
    }
    offset += 8 + size + (size % 2);
  }
  return { seconds: 0, rms: 0, sampleRate };
}
