/**
 * Tests only: a pino logger that keeps its lines, for tests that check what the operator is told
 * (levels, messages, fields).
 */
import { pino, type Logger } from 'pino';

export function recordingLogger(level = 'info'): {
  logger: Logger;
  lines: Record<string, unknown>[];
} {
  const lines: Record<string, unknown>[] = [];
  const stream = {
    write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>),
  };
  return { logger: pino({ level }, stream), lines };
}
