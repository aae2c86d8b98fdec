/**
 * Keeps one session's provider failure from ending every session in the process.
 *
 * agents-js 1.9 starts some provider tasks without awaiting them (e.g. a non-streaming TTS
 * `ChunkedStream`'s main task: after its retries it reports the error to the session, then
 * rethrows into a promise nobody holds). Node's default turns that into process exit. We contain
 * rejections whose stack runs through the agents framework or its plugins, log them and count
 * them; anything else is a real bug and still exits.
 */
import type { Logger } from 'pino';

let installed = false;
export let containedRejections = 0;

export function installProcessGuards(logger: Logger): void {
  if (installed) return;
  installed = true;
  process.on('unhandledRejection', (reason) => {
    const stack = reason instanceof Error ? (reason.stack ?? '') : '';
    if (/[/\\]@livekit[/\\]agents/.test(stack)) {
      containedRejections++;
      logger.error({ err: reason }, 'a framework task failed after reporting its error; contained');
      return;
    }
    logger.fatal({ err: reason }, 'unhandled promise rejection');
    process.exit(1);
  });
}
