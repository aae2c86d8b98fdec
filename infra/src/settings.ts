/**
 * What an operator chooses per environment (infra/config/*.json, docs/operations.md), checked
 * before anything is synthesized so a typo names its field instead of failing in CloudFormation.
 */
import { VOICE_TO_VOICE_BUDGETS_MS } from '../../agent/src/observability/emf.js';

/**
 * Where the LiveKit worker runs:
 * - `ecs`: a second Fargate service in this stack (outbound only);
 * - `livekit-cloud`: a LiveKit Cloud agent deployment (`lk agent deploy`, docs/operations.md);
 * - `none`: no LiveKit; `serve` runs sessions itself over its WebSocket (the local runtime).
 */
export type WorkerMode = 'ecs' | 'livekit-cloud' | 'none';

export interface Settings {
  /** The image both services run (ECR URI with an immutable tag or digest). */
  image: string;
  /** Public name of `serve` behind CloudFront (PUBLIC_URL is https://<domainName>). */
  domainName: string;
  /** The Route 53 public zone that holds domainName and the origin name. */
  hostedZoneId: string;
  zoneName: string;
  /** ACM certificate for domainName, in us-east-1 (CloudFront's region). */
  certificateArn: string;
  /** The region's CloudFront origin-facing managed prefix list (pl-…), the tasks' only ingress. */
  cloudFrontPrefixListId: string;
  worker: WorkerMode;
  /** wss://<project>.livekit.cloud (or a self-hosted server); required unless worker is none. */
  livekitUrl?: string;
  /** POLYGLOT_PARTNERS: the partners JSON (public keys and origins; not secret). */
  partnersJson?: string;
  /** Who gets the alarms (SNS e-mail subscription; confirm it once). */
  alarmEmail?: string;
  /** Tasks of `serve`: at least 2 (two zones), at most as the budget allows. */
  serveMinTasks: number;
  serveMaxTasks: number;
  workerMinTasks: number;
  workerMaxTasks: number;
  /** The voice-to-voice budget the p95 alarm holds (a latency histogram bound). */
  voiceToVoiceBudgetMs: number;
  /** Days the tasks' logs are kept. */
  logRetentionDays: 7 | 14 | 30 | 90 | 180 | 365;
}

export const DEFAULTS = {
  worker: 'none',
  serveMinTasks: 2,
  serveMaxTasks: 10,
  workerMinTasks: 1,
  workerMaxTasks: 10,
  voiceToVoiceBudgetMs: 1500,
  logRetentionDays: 30,
} as const satisfies Partial<Settings>;

export class SettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid infra settings:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'SettingsError';
  }
}

/** Checks a parsed settings file (or CDK context object) and fills the defaults. */
export function parseSettings(raw: unknown): Settings {
  const input = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const s = { ...DEFAULTS, ...input } as Record<string, unknown>;
  const problems: string[] = [];
  const str = (k: string, pattern: RegExp, what: string) => {
    if (typeof s[k] !== 'string' || !pattern.test(s[k] as string)) problems.push(`${k}: ${what}`);
  };
  str('image', /^\S+[:@]\S+$/, 'an image URI with a tag or digest (repo:tag or repo@sha256:…)');
  str(
    'domainName',
    /^(?=.{1,253}$)([a-z0-9-]+\.)+[a-z]{2,}$/,
    'a DNS name (assistant.example.com)',
  );
  str('hostedZoneId', /^Z[A-Z0-9]+$/, 'a Route 53 hosted zone id (Z…)');
  str('zoneName', /^([a-z0-9-]+\.)+[a-z]{2,}$/, 'the hosted zone name (example.com)');
  str(
    'certificateArn',
    /^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/\S+$/,
    'an ACM certificate ARN in us-east-1',
  );
  str(
    'cloudFrontPrefixListId',
    /^pl-[0-9a-f]+$/,
    'a managed prefix list id (pl-…): com.amazonaws.global.cloudfront.origin-facing in your region',
  );
  if (
    typeof s.domainName === 'string' &&
    typeof s.zoneName === 'string' &&
    !s.domainName.endsWith(`.${s.zoneName}`)
  ) {
    problems.push('domainName: must be inside zoneName');
  }
  if (!['ecs', 'livekit-cloud', 'none'].includes(s.worker as string)) {
    problems.push('worker: ecs, livekit-cloud or none');
  }
  if (s.worker !== 'none')
    str('livekitUrl', /^wss?:\/\/\S+$/, 'the LiveKit URL (wss://…), needed with a worker');
  else if (s.livekitUrl !== undefined)
    problems.push('livekitUrl: only with worker ecs or livekit-cloud');
  if (s.partnersJson !== undefined) {
    try {
      JSON.parse(s.partnersJson as string);
    } catch {
      problems.push('partnersJson: must be JSON (docs/configuration.md § Partners)');
    }
  }
  if (s.alarmEmail !== undefined) str('alarmEmail', /^[^@\s]+@[^@\s]+$/, 'an e-mail address');
  const int = (k: string, min: number, max: number) => {
    const v = s[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
      problems.push(`${k}: an integer from ${min} to ${max}`);
  };
  int('serveMinTasks', 1, 100);
  int('serveMaxTasks', 1, 100);
  int('workerMinTasks', 1, 100);
  int('workerMaxTasks', 1, 100);
  if ((s.serveMaxTasks as number) < (s.serveMinTasks as number))
    problems.push('serveMaxTasks: at least serveMinTasks');
  if ((s.workerMaxTasks as number) < (s.workerMinTasks as number))
    problems.push('workerMaxTasks: at least workerMinTasks');
  if (!VOICE_TO_VOICE_BUDGETS_MS.includes(s.voiceToVoiceBudgetMs as number)) {
    problems.push(
      `voiceToVoiceBudgetMs: one of ${VOICE_TO_VOICE_BUDGETS_MS.join(', ')} (the latency histogram's bounds)`,
    );
  }
  if (![7, 14, 30, 90, 180, 365].includes(s.logRetentionDays as number)) {
    problems.push('logRetentionDays: 7, 14, 30, 90, 180 or 365');
  }
  const known = new Set([
    'image',
    'domainName',
    'hostedZoneId',
    'zoneName',
    'certificateArn',
    'cloudFrontPrefixListId',
    'worker',
    'livekitUrl',
    'partnersJson',
    'alarmEmail',
    'serveMinTasks',
    'serveMaxTasks',
    'workerMinTasks',
    'workerMaxTasks',
    'voiceToVoiceBudgetMs',
    'logRetentionDays',
  ]);
  for (const k of Object.keys(input))
    if (!known.has(k) && !k.startsWith('$')) problems.push(`${k}: unknown setting`);
  if (problems.length > 0) throw new SettingsError(problems);
  return s as unknown as Settings;
}
