/**
 * `polyglot <command>`: serve | config check | resolve | flights.
 */
import { initializeLogger, log } from '@livekit/agents';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './config.js';
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
  polyglot kb check [--partner KEY]                 What each knowledge base loaded, and each file it could not
  polyglot kb search "QUERY" [--partner KEY] [--docs PATH] [--json]
                                 The passages search_knowledge would return, with their sources
  polyglot kb reload [--url URL]  Ask a running server to read its knowledge documents again

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
    case 'kb':
      return (await import('./cli/kb.js')).run(rest);
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
