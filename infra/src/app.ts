import { type App, type Environment, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { PolyglotSecretsStack, PolyglotStack } from './polyglot-stack.js';
import type { Settings } from './settings.js';

/** Both stacks, checked by cdk-nag's AWS Solutions pack (the tests run the same function). */
export function buildApp(app: App, settings: Settings, env: Environment = {}) {
  const secrets = new PolyglotSecretsStack(app, 'PolyglotSecrets', { env });
  const main = new PolyglotStack(app, 'Polyglot', {
    env,
    settings,
    secret: secrets.secret,
  });
  // A finding that is not acknowledged (with its reason, next to its resource) fails the synth.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { secrets, main };
}
