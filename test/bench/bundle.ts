/** `bundle_gzip_kb`: the CDN entry and everything a voice session loads. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** The SDK's own size accounting (sdk/scripts/size.mjs: entry + static imports + a locale chunk). */
export function bundleFigures() {
  const out = spawnSync(
    process.execPath,
    [join(import.meta.dirname, '../../sdk/scripts/size.mjs')],
    { encoding: 'utf8' },
  ).stdout;
  const kb = (label: RegExp) => Number(out.match(label)?.[1] ?? NaN);
  return {
    launcher: kb(/entry \S+ \+ static imports\s+([\d.]+) KB/),
    local_session: kb(/local voice session\s+([\d.]+) KB/),
    livekit_session: kb(/LiveKit voice session\s+([\d.]+) KB/),
  };
}
