/**
 * `polyglot <command>`: serve | config check | resolve | flights.
 */
import { initializeLogger, log } from '@livekit/agents';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Config, ConfigError, loadConfig } from './config.js';
import { startEmfReporter } from './observability/emf.js';
import { installPiiMasking } from './observability/pii.js';
import { AGENT_ROOT } from './paths.js';
import { chooseProviders, describeMissing } from './providers/index.js';

const pkg = JSON.parse(readFileSync(join(AGENT_ROOT, 'package.json'), 'utf8')) as {
  version: string;
};

const USAGE = `polyglot ${pkg.version}

Usage:
  polyglot serve                 Demo page, CDN bundle, session API and the local voice runtime
  polyglot worker [start|dev]    LiveKit Agents worker (agent name "polyglot"; needs LIVEKIT_*)
  polyglot config check          What is configured, what is missing, and what to set
  polyglot resolve <place>       Resolve a city or airport name (any language) to IATA codes
  polyglot flights --from X --to Y --date D [...]   Search flights with the configured providers

Environment: see docs/configuration.md.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
      return serve();
    case 'worker': {
      const mode = rest[0] === 'dev' ? 'dev' : 'start';
      const config = loadConfig();
      initializeLogger({ pretty: process.stdout.isTTY, level: config.logLevel });
      installPiiMasking(log());
      (await import('./runtimes/livekit/worker.js')).runWorker(config, mode);
      startEmf(config, `http://127.0.0.1:${process.env.WORKER_HTTP_PORT ?? 8081}/metrics`);
      // cli.runApp owns the process from here (signals, exit code).
      return await new Promise<number>(() => {});
    }
    case 'config':
      if (rest[0] === 'check') return (await import('./cli/config-check.js')).run();
      break;
    case 'resolve':
      return (await import('./cli/resolve.js')).run(rest);
    case 'flights':
      return (await import('./cli/flights.js')).run(rest);
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      console.log(USAGE);
      return command === undefined ? 1 : 0;
    case '--version':
      console.log(pkg.version);
      return 0;
  }
  console.error(`Unknown command: ${argv.join(' ')}\n\n${USAGE}`);
  return 1;
}

async function serve(): Promise<number> {
  const config = loadConfig();
  initializeLogger({ pretty: process.stdout.isTTY, level: config.logLevel });
  // Before any child logger exists: the framework's and ours mask personal data from here on.
  installPiiMasking(log());
  const logger = log().child({ component: 'server' });
  const { startServer } = await import('./server/http.js');
  const running = await startServer({ config, logger, version: pkg.version });
  startEmf(config, `${running.url}/metrics`);
  const choice = chooseProviders(config);
  logger.info(
    { url: running.url, runtime: config.livekit ? 'livekit' : 'local' },
    'polyglot serving',
  );
  console.log(`\n  Polyglot is running: ${running.url}\n`);
  if (choice.missing.length > 0) {
    console.log(
      `  Voice sessions are disabled until the pipeline is configured (${describeMissing(choice)}).\n` +
        `  OPENAI_API_KEY alone is enough. Run \`npx polyglot config check\` for details.\n`,
    );
  }
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
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

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof ConfigError) console.error(err.message);
    else console.error(err);
    process.exitCode = 1;
  },
);
