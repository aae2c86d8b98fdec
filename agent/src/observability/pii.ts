/**
 * Personal data out of log lines: emails, phone numbers, payment card numbers and passport
 * numbers are replaced by a tag naming what was there (`[email]`, `[phone]`, `[card]`,
 * `[passport]`), so a log still reads sensibly and nothing personal is kept.
 *
 * Masking errs on the side of privacy: a long digit run that could be a phone number is masked
 * even when it is something else. Flight numbers (IB3170), dates (2026-03-09), prices and times
 * are left alone, because the logs are useless without them.
 */
import { pino, type Logger } from 'pino';

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;
// 13 to 19 digits, optionally grouped by spaces or dashes: checked with Luhn below.
const CARD = /\b\d(?:[ -]?\d){12,18}\b/g;
// "passport", in the languages we serve, followed by the number.
const PASSPORT_WORD =
  /\b(passport|pasaporte|passeport|reisepass|passaporto|passaporte|paspoort|паспорт|pasaport|paszport)([^\d\n]{0,24}?)\b([A-Z0-9]{6,9})\b/giu;
// ICAO-style document numbers: one or two letters then 6 to 8 digits (C01X00T47 style included).
const PASSPORT_SHAPE = /\b[A-Z]{1,2}\d{6,8}\b|\b[A-Z]\d{2}[A-Z0-9]{6}\b/g;
// 8+ digits with optional +, spaces, dots, dashes, parentheses.
const PHONE = /(?<![\w-])\+?\(?\d[\d\s().-]{6,}\d(?![\w-])/g;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function luhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** `text` with emails, card, passport and phone numbers replaced by tags. */
export function maskPii(text: string): string {
  return text
    .replace(EMAIL, '[email]')
    .replace(CARD, (m) => (luhn(m.replace(/\D/g, '')) ? '[card]' : m))
    .replace(PASSPORT_WORD, (m, word: string, sep: string, num: string) =>
      /\d/.test(num) ? `${word}${sep}[passport]` : m,
    )
    .replace(PASSPORT_SHAPE, '[passport]')
    .replace(PHONE, (m) => {
      const digits = m.replace(/\D/g, '');
      if (digits.length < 8 || ISO_DATE.test(m.trim())) return m;
      return '[phone]';
    });
}

/** A deep copy of a log object with every string masked (depth-limited; cycles cut). */
export function maskDeep(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return maskPii(value);
  if (value === null || typeof value !== 'object' || depth > 8) return value;
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, depth + 1, seen));
  if (value instanceof Error) {
    return {
      type: value.name,
      message: maskPii(value.message),
      stack: value.stack && maskPii(value.stack),
    };
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = maskDeep(v, depth + 1, seen);
  return out;
}

type Formatter = ((o: Record<string, unknown>) => Record<string, unknown>) & { masked?: boolean };
type Formatters = { log?: Formatter } & Record<string, unknown>;
type ChildFn = (this: Logger, bindings: Record<string, unknown>, options?: object) => Logger;

/** Masks the bindings of every child (and grandchild) made from `logger` from now on. */
function maskChildBindings(logger: Logger): void {
  const l = logger as unknown as { child: ChildFn & { masked?: boolean } };
  if (l.child.masked) return;
  const original = l.child;
  const child: ChildFn & { masked?: boolean } = function (bindings, options) {
    const c = original.call(this, maskDeep(bindings) as Record<string, unknown>, options);
    maskChildBindings(c);
    return c;
  };
  child.masked = true;
  l.child = child;
}

/**
 * Masks every object logged through `logger` and the children created from it afterwards,
 * including the agents framework's own root logger, through pino's documented
 * `pino.symbols.formattersSym` (children inherit the `log` formatter), and the bindings of those
 * children (plugins put raw provider messages in `child({'lk.pii.message': …})`). Message
 * strings themselves are not rewritten: our messages are constant text; data goes in objects.
 */
export function installPiiMasking(logger: Logger): Logger {
  const sym = pino.symbols.formattersSym as unknown as symbol;
  const target = logger as unknown as Record<symbol, Formatters | undefined>;
  const current = target[sym];
  if (!current || current.log?.masked) return logger;
  const inner = current.log;
  const log: Formatter = (o) => maskDeep(inner ? inner(o) : o) as Record<string, unknown>;
  log.masked = true;
  target[sym] = { ...current, log };
  maskChildBindings(logger);
  return logger;
}
