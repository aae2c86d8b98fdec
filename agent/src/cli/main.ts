/**
 * `polyglot <command>`: serve | worker | config check | languages | resolve | flights | kb | operator. The entry point
 * (`cli.ts`) only sets the exit code from what `main` returns.
 *
 * Exit codes shared by every command: 0 done, 2 the command line is incomplete or wrong (the
 * usage is printed on stderr); each command documents its others.
 */
import { initializeLogger, log } from '@livekit/agents';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Config, loadConfig } from '../config.js';
import { startEmfReporter } from '../observability/emf.js';
import { installPiiMasking } from '../observability/pii.js';
import { AGENT_ROOT } from '../paths.js';
import { chooseProviders, describeMissing } from '../providers/index.js';

const pkg = JSON.parse(readFileSync(join(AGENT_ROOT, 'package.json'), 'utf8')) as {
  version: string;
};

export const USAGE = `polyglot ${pkg.version}

Usage:
  polyglot serve                 Demo page, CDN bundle, session API and the local voice runtime
  polyglot worker [start|dev]    LiveKit Agents worker (agent name "polyglot"; needs LIVEKIT_*)
  polyglot config check          What is configured, what is missing, and what to set
  polyglot languages [TAG] [--json]  The language table, or the route for one BCP-47 tag
  polyglot resolve <place>       Resolve a city or airport name (any language) to IATA codes
  polyglot flights --from X --to Y --date D [...]   Search flights with the configured providers
  polyglot kb check [--partner KEY]                 What each knowledge base loaded, and each file it could not
  polyglot kb search "QUERY" [--partner KEY] [--docs PATH] [--json]
                                 The passages search_knowledge would return, with their sources
  polyglot kb reload [--url URL]  Ask a running server to read its knowledge documents again
  polyglot operator add <username> --role admin|operator [--partner KEY] [--file PATH]
                                 An operator console account (password on stdin, scrypt-hashed)

Environment: see docs/configuration.md.`;

export interface MainIo {
  out?: (line: string) => void;
  err?: (line: string) => void;
  /** Standard input, whole (tests give it; `polyglot operator add` reads a password from it). */
  stdin?: () => Promise<string>;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Runs one command; resolves to its exit code (serve and worker resolve when they stop). */
export async function main(argv: string[], io: MainIo = {}): Promise<number> {
  const out = io.out ?? ((s: string) => console.log(s));
  const err = io.err ?? ((s: string) => console.error(s));
  const usage = (problem: string): number => {
    err(`${problem}\n\n${USAGE}`);
    return 2;
  };
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
      if (rest.length > 0) return usage(`polyglot serve takes no arguments: ${rest.join(' ')}`);
      return serve(out);
    case 'worker': {
      const [mode = 'start', ...extra] = rest;
      if ((mode !== 'start' && mode !== 'dev') || extra.length > 0)
        return usage(`polyglot worker takes start or dev, not: ${rest.join(' ')}`);
      const config = loadConfig();
      initializeLogger({ pretty: process.stdout.isTTY, level: config.logLevel });
      installPiiMasking(log());
      (await import('../runtimes/livekit/worker.js')).runWorker(config, mode);
      startEmf(config, `http://127.0.0.1:${process.env.WORKER_HTTP_PORT ?? 8081}/metrics`);
      // cli.runApp owns the process from here (signals, exit code).
      return await new Promise<number>(() => {});
    }
    case 'config':
      if (rest.length === 1 && rest[0] === 'check')
        return (await import('./config-check.js')).run(process.env, { out, err });
      return usage(
        rest.length === 0
          ? 'polyglot config needs a sub-command: check'
          : `Unknown config sub-command: ${rest.join(' ')}`,
      );
    case 'languages':
      return (await import('./languages.js')).run(rest, { out, err });
    case 'resolve':
      return (await import('./resolve.js')).run(rest, { out, err });
    case 'flights':
      return (await import('./flights.js')).run(rest, { out, err });
    case 'kb':
      return (await import('./kb.js')).run(rest, { out, err });
    case 'operator':
      return (await import('./operator.js')).run(rest, {
        out,
        err,
        stdin: io.stdin ?? readStdin,
      });
    case '--help':
    case '-h':
    case 'help':
      out(USAGE);
      return 0;
    case '--version':
      out(pkg.version);
      return 0;
    case undefined:
      return usage('polyglot needs a command.');
  }
  return usage(`Unknown command: ${argv.join(' ')}`);
}

async function serve(out: (line: string) => void): Promise<number> {
  const config = loadConfig();
  initializeLogger({ pretty: process.stdout.isTTY, level: config.logLevel });
  // Before any child logger exists: the framework's and ours mask personal data from here on.
  installPiiMasking(log());
  const logger = log().child({ component: 'server' });
  const { startServer } = await import('../server/http.js');
  const running = await startServer({ config, logger, version: pkg.version });
  startEmf(config, `${running.url}/metrics`);
  const choice = chooseProviders(config);
  logger.info(
    { url: running.url, runtime: config.livekit ? 'livekit' : 'local' },
    'polyglot serving',
  );
  out(`\n  Polyglot is running: ${running.url}\n`);
  if (choice.missing.length > 0) {
    out(
      `  Voice sessions are disabled until the pipeline is configured (${describeMissing(choice)}).\n` +
        `  OPENAI_API_KEY alone is enough. Run \`npx polyglot config check\` for details.\n`,
    );
  }
  // SIGHUP reads the partners' knowledge documents again; sessions go on (docs/knowledge.md).
  const onHup = () => {
    logger.info('SIGHUP: reloading knowledge');
    running
      .reloadKnowledge()
      .catch((err: unknown) => logger.error({ err }, 'knowledge reload failed'));
  };
  process.on('SIGHUP', onHup);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  process.off('SIGHUP', onHup);
  logger.info('shutting down');
  await running.close();
  return 0;
}

/** CloudWatch EMF lines from this process's own `/metrics`, when POLYGLOT_EMF_SERVICE is set. */
function startEmf(config: Config, url: string): void {
  if (!config.emf) return;
  const logger = log().child({ component: 'metrics' });
  startEmfReporter({
    url,
    service: config.emf.service,
    voiceToVoiceBudgetMs: config.emf.voiceToVoiceBudgetMs,
    write: (record) => logger.info(record, 'metrics'),
    onError: (err) => logger.warn({ err }, 'could not read /metrics for the EMF line'),
  });
}
