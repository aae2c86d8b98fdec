/**
 * The CDK app: `npx aws-cdk@2.1149.0 deploy --all -c config=config/prod.json` from infra/
 * (docs/operations.md). Synthesizes both stacks with cdk-nag's AWS Solutions checks; an
 * unsuppressed finding is an error and fails the synth.
 */
import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { buildApp } from '../src/app.js';
import { parseSettings } from '../src/settings.js';

// The CDK CLI sets CDK_OUTDIR; `npm run synth` writes infra/cdk.out.
const app = new App({ outdir: process.env.CDK_OUTDIR ?? 'cdk.out' });
const file =
  (app.node.tryGetContext('config') as string | undefined) ??
  process.env.POLYGLOT_INFRA_CONFIG ??
  'config/example.json';
const settings = parseSettings(JSON.parse(readFileSync(file, 'utf8')));
buildApp(app, settings, {
  account: process.env.CDK_DEFAULT_ACCOUNT,
  region: process.env.CDK_DEFAULT_REGION,
});
app.synth();
