/**
 * `polyglot languages [TAG] [--json]`: the capability table, or the route for one BCP-47 tag, with
 * every provider's key set (what the table promises) and with this deployment's keys (what a
 * session here gets). Exit 0, or 2 for an unknown tag or a bad command line.
 */
import { loadConfig } from '../config.js';
import {
  ALL_PROVIDERS,
  CAPABILITIES,
  routeFor,
  type AvailableProviders,
  type LanguageCapability,
} from '../languages/capabilities.js';
import { describeChain, describeStt, describeTts } from '../languages/describe.js';
import { resolveLanguage, UnknownLanguageError } from '../languages/resolve.js';
import { availableProviders } from '../providers/index.js';
import { parseCommand, type CliIo } from './args.js';

const USAGE = 'Usage: polyglot languages [TAG] [--json]';

const NO_STT = 'not heard';
const NO_TTS = 'text only (no natural voice)';

function row(cap: LanguageCapability, providers: AvailableProviders): string {
  const r = routeFor(cap, providers);
  return (
    `${cap.tag.padEnd(6)} ${`${cap.name} (${cap.native})`.padEnd(44)} ` +
    `STT ${describeChain(r.stt, describeStt, NO_STT)}; TTS ${describeChain(r.tts, describeTts, NO_TTS)}`
  );
}

/** This deployment's providers, or undefined when its configuration does not load. */
function deployment(): AvailableProviders | undefined {
  try {
    return availableProviders(loadConfig());
  } catch {
    return undefined;
  }
}

export function run(argv: string[], io: CliIo = {}): number {
  const out = io.out ?? ((s: string) => console.log(s));
  const err = io.err ?? ((s: string) => console.error(s));
  const parsed = parseCommand(
    {
      args: argv,
      allowPositionals: true,
      options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    },
    USAGE,
    { out, err },
  );
  if (typeof parsed === 'number') return parsed;
  const json = parsed.values.json === true;
  const [tag, ...extra] = parsed.positionals;
  if (extra.length) {
    err(`polyglot languages takes one tag, not: ${parsed.positionals.join(' ')}\n${USAGE}`);
    return 2;
  }
  if (tag === undefined) {
    if (json)
      out(JSON.stringify(CAPABILITIES.map((c) => ({ ...c, route: routeFor(c, ALL_PROVIDERS) }))));
    else for (const cap of CAPABILITIES) out(row(cap, ALL_PROVIDERS));
    return 0;
  }
  let resolved;
  try {
    resolved = resolveLanguage(tag);
  } catch (e) {
    if (!(e instanceof UnknownLanguageError)) throw e;
    if (json) out(JSON.stringify({ error: { code: e.code, message: e.message } }));
    else err(e.message);
    return 2;
  }
  const cap = resolved.capability;
  const here = deployment();
  const best = routeFor(cap, ALL_PROVIDERS);
  const local = here && routeFor(cap, here);
  if (json) {
    out(JSON.stringify({ ...resolved, route: best, ...(local && { deployment: local }) }));
    return 0;
  }
  out(
    `${tag} → ${cap.tag}: ${cap.name} (${cap.native}), script ${resolved.script}, ${resolved.dir}`,
  );
  out(`  speech-to-text: ${describeChain(best.stt, describeStt, NO_STT)}`);
  out(`  voice:          ${describeChain(best.tts, describeTts, NO_TTS)}`);
  if (local) {
    out(`  with this deployment's keys:`);
    out(`    speech-to-text: ${describeChain(local.stt, describeStt, 'none configured')}`);
    out(`    voice:          ${describeChain(local.tts, describeTts, NO_TTS)}`);
  }
  return 0;
}
