/**
 * `polyglot kb`: the knowledge bases from a shell, with the same code the server runs.
 *
 * - `kb check [--partner KEY] [--json]`: what each partner's knowledge base loaded, and each file
 *   it could not read, with the reason (exit 1 when a file was skipped).
 * - `kb search "QUERY" [--partner KEY] [--docs PATH] [--json]`: the passages `search_knowledge`
 *   would return, printed as the model receives them (exit 2 when nothing matches).
 * - `kb reload [--url URL]`: asks a running server to read its documents again
 *   (`POST /admin/knowledge/reload`, with POLYGLOT_ADMIN_TOKEN).
 */
import { resolve } from 'node:path';
import { loadConfig } from '../config.js';
import { knowledgeLibraryFromConfig } from '../knowledge/from-config.js';
import { KnowledgeLibrary, type KnowledgeReport } from '../knowledge/library.js';
import { citationsOf, formatPassages, noPassageMessage } from '../knowledge/tool.js';
import { DEMO_PARTNER_KEY, PartnerSchema, type Partner } from '../partners.js';
import { parseCommand, type CliIo } from './args.js';

const USAGE = `Usage:
  polyglot kb check [--partner KEY] [--json]
  polyglot kb search "QUERY" [--partner KEY] [--docs PATH] [--json]
  polyglot kb reload [--url URL]`;

export async function run(argv: string[], io: CliIo = {}): Promise<number> {
  const out = io.out ?? ((s: string) => console.log(s));
  const err = io.err ?? ((s: string) => console.error(s));
  const parsed = parseCommand(
    {
      args: argv,
      allowPositionals: true,
      options: {
        partner: { type: 'string' },
        docs: { type: 'string' },
        url: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    },
    USAGE,
    { out, err },
  );
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const [sub, ...words] = positionals;
  if (!sub) {
    err(USAGE);
    return 2;
  }
  if (sub === 'reload') return reload(values.url, out, err);
  if (sub !== 'check' && sub !== 'search') {
    err(`Unknown kb command: ${sub}\n${USAGE}`);
    return 2;
  }
  const config = loadConfig();
  let library: KnowledgeLibrary;
  let partner: Partner | undefined;
  if (values.docs) {
    // A folder or file from the command line, indexed as a partner of its own would be.
    partner = PartnerSchema.parse({
      key: values.partner ?? 'cli-docs',
      name: values.partner
        ? (config.partners.get(values.partner)?.name ?? values.partner)
        : 'the documents',
      knowledge: { sources: [resolve(values.docs)] },
    });
    const only = partner;
    library = new KnowledgeLibrary({ partners: () => [only] });
  } else {
    const key = values.partner ?? (sub === 'search' ? DEMO_PARTNER_KEY : undefined);
    if (key) {
      partner = config.partners.get(key);
      if (!partner) {
        err(
          `Unknown partner "${key}" (partners: ${config.partners.all.map((p) => p.key).join(', ')}).`,
        );
        return 2;
      }
      if (!partner.knowledge) {
        err(`Partner "${key}" has no knowledge section (docs/configuration.md#knowledge).`);
        return 2;
      }
    }
    library = knowledgeLibraryFromConfig(config);
  }
  const reports = (await library.load()).filter((r) => !partner || r.partner === partner.key);

  if (sub === 'check') {
    if (values.json) out(JSON.stringify(reports, null, 2));
    else if (reports.length === 0) out('No partner has a knowledge base.');
    else for (const r of reports) printReport(r, config.partners.get(r.partner)?.name, out);
    return reports.some((r) => r.skipped.length > 0) ? 1 : 0;
  }

  const query = words.join(' ').trim();
  if (!query) {
    err(`Give a query.\n${USAGE}`);
    return 2;
  }
  const p = partner!;
  for (const r of reports) for (const s of r.skipped) err(`skipped ${s.path}: ${s.reason}`);
  const passages = await library.search(p.key, query);
  if (values.json) {
    out(
      JSON.stringify(
        { partner: p.key, query, passages, citations: citationsOf(passages) },
        null,
        2,
      ),
    );
  } else {
    out(
      passages.length ? formatPassages(p.name, query, passages) : noPassageMessage(p.name, query),
    );
  }
  return passages.length ? 0 : 2;
}

function printReport(r: KnowledgeReport, name: string | undefined, out: (s: string) => void): void {
  const emb =
    r.embeddings.state === 'failed'
      ? `embeddings failed (${r.embeddings.reason})`
      : r.embeddings.state === 'ready'
        ? `embeddings ${r.embeddings.model}`
        : 'keyword search only';
  out(
    `${r.partner}${name ? ` (${name})` : ''}: ${r.files.length} file(s), ${r.chunks} passage(s), ${r.skipped.length} skipped; ${emb}; ${r.loadMs} ms`,
  );
  for (const f of r.files)
    out(`  ok       ${f.path}  ${f.format}, ${kb(f.bytes)}, ${f.chunks} passage(s)`);
  for (const s of r.skipped) out(`  skipped  ${s.path}  ${s.reason}`);
}

function kb(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`;
}

async function reload(
  url: string | undefined,
  out: (s: string) => void,
  err: (s: string) => void,
): Promise<number> {
  const config = loadConfig();
  if (!config.adminToken) {
    err("Set POLYGLOT_ADMIN_TOKEN (the server's) to reload, or send the server SIGHUP.");
    return 2;
  }
  const base = url ?? config.publicUrl ?? `http://127.0.0.1:${config.port}`;
  let res: Response;
  try {
    res = await fetch(new URL('/admin/knowledge/reload', base), {
      method: 'POST',
      headers: { authorization: `Bearer ${config.adminToken}` },
      signal: AbortSignal.timeout(60_000),
    });
  } catch (e) {
    err(`Cannot reach ${base}: ${(e as Error).message}`);
    return 1;
  }
  const body = await res.text();
  (res.ok ? out : err)(`${res.status} ${body}`);
  return res.ok ? 0 : 1;
}
