/**
 * A typed page module (test/bench/page/) as a script for `page.addInitScript`. esbuild bundles
 * the module into one self-contained function, which is then called with `arg` (as JSON). It is
 * not passed as a function because tsx compiles this package with esbuild's `keepNames`: the
 * functions it emits call a `__name` helper that the page and its Workers do not have.
 */
import { join } from 'node:path';
import { buildSync } from 'esbuild';

/** `entry` (a path) exports `install(arg)`; the script runs it as the page loads. */
export function pageScript(entry: string, arg: unknown): string {
  const { outputFiles } = buildSync({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'iife',
    globalName: '__benchPage',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'error',
  });
  const bundle = outputFiles[0]!.text;
  return `(() => {\n${bundle}\n__benchPage.install(${JSON.stringify(arg)});\n})();`;
}

/**
 * The init script that keeps the page's peer connections (`page/rtc-stats.ts`); the page then
 * answers `window.__rtcAudioStats()`.
 */
export const rtcStatsScript = () =>
  pageScript(join(import.meta.dirname, 'page/rtc-stats.ts'), null);
