/**
 * Polyglot on AWS: `polyglot serve` on ECS Fargate with no load balancer, CloudFront in front for
 * TLS (its origin is a Route 53 name that follows the tasks' public IPs), the LiveKit worker as a
 * second, outbound-only service (optional), and alarms from our own metrics.
 * Why each choice, what it costs and how it fails: docs/operations.md.
 */
import { fileURLToPath } from 'node:url';
import {
  CfnOutput,
  Duration,
  RemovalPolicy,
  Size,
  Stack,
  type StackProps,
  Validations,
} from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as cw from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as route53Targets from 'aws-cdk-lib/aws-route53-targets';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as snsSubs from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { EMF_DIMENSION, EMF_METRICS, EMF_NAMESPACE } from '../../agent/src/observability/emf.js';
import type { Settings } from './settings.js';

/**
 * The variables that are secrets (agent/src/config.ts, tools/flights/providers/env.ts), all in
 * one Secrets Manager secret as JSON fields. Every field exists from the start with an empty
 * value, which the server reads as unset: ECS refuses to start a task whose secret lacks a
 * referenced field, and an operator fills only the providers they use.
 */
export const SECRET_FIELDS = [
  'OPENAI_API_KEY',
  'DEEPGRAM_API_KEY',
  'CARTESIA_API_KEY',
  'DUFFEL_ACCESS_TOKEN',
  'AMADEUS_CLIENT_ID',
  'AMADEUS_CLIENT_SECRET',
  'SERPAPI_API_KEY',
  'LIVEKIT_API_KEY',
  'LIVEKIT_API_SECRET',
  'POLYGLOT_SESSION_SECRET',
] as const;

/**
 * Sizes from the benchmark (docs/simulation.md § Benchmarks and § LiveKit runs, Node 24 as in
 * the image). `serve`: 50 sessions held in every run on 2 cores, 75 on the edge; 12.9 ms of CPU
 * per session-second and ~2 MB of RSS per session. So 2 vCPU / 4 GiB (Fargate's smallest memory
 * for 2 vCPU) with a cap of 50 sessions: ~0.65 vCPU of sessions at the cap, the rest headroom
 * for real providers' TLS and the main thread.
 */
export const SERVE = { cpu: 2048, memoryMiB: 4096, maxSessions: 50, port: 8787 } as const;
/**
 * The worker: each LiveKit job is a process of its own; measured 10 sessions at 1.23 cores and
 * 4.2 GB RSS (13 processes), 1.6 GB at one session. 4 vCPU / 8 GiB with a cap of 10: ~31% CPU
 * and half the memory at the cap (untested at 4 vCPU; the 2-core run was CPU-bound because the
 * callers shared the cores).
 */
export const WORKER = { cpu: 4096, memoryMiB: 8192, maxSessions: 10, port: 8081 } as const;
/**
 * Target CPU for scaling. The session cap is reached before the CPU is busy (50 sessions is
 * ~35% of 2 vCPU, 10 LiveKit jobs ~31% of 4), so the target sits below it: a task is added at
 * about 80% of its cap, before callers get `session_limit`.
 */
export const SCALE_CPU_PERCENT = { serve: 28, worker: 25 } as const;
/** Fargate's maximum. `serve` closes its sessions at SIGTERM; the worker drains its calls. */
export const STOP_TIMEOUT_S = 120;

/**
 * A CloudFront viewer-request function (cloudfront-js-2.0) that answers 404 for each of `paths`
 * and anything under it, and passes every other request on unchanged.
 */
export function hidePathsFunction(paths: string[]): string {
  return (
    `function handler(event) { var u = event.request.uri; var hidden = ${JSON.stringify(paths)}; ` +
    "for (var i = 0; i < hidden.length; i++) { if (u === hidden[i] || u.indexOf(hidden[i] + '/') === 0) " +
    "{ return { statusCode: 404, statusDescription: 'Not Found' }; } } return event.request; }"
  );
}

export interface SecretsStackProps extends StackProps {
  /** Kept when the stack is deleted (the keys are not recoverable otherwise). */
  retain?: boolean;
}

/**
 * The secret on its own stack, deployed first: the operator fills the keys before any task
 * starts (a LiveKit deployment with empty LIVEKIT_* keys would fail its first rollout).
 */
export class PolyglotSecretsStack extends Stack {
  readonly secret: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: SecretsStackProps = {}) {
    super(scope, id, props);
    const template = Object.fromEntries(
      SECRET_FIELDS.filter((f) => f !== 'POLYGLOT_SESSION_SECRET').map((f) => [f, '']),
    );
    this.secret = new secretsmanager.Secret(this, 'Keys', {
      description:
        'Polyglot provider keys and the session-token secret (JSON; empty means unset). docs/operations.md',
      generateSecretString: {
        secretStringTemplate: JSON.stringify(template),
        generateStringKey: 'POLYGLOT_SESSION_SECRET',
        passwordLength: 48,
        excludePunctuation: true,
      },
      removalPolicy: props.retain === false ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    });
    new CfnOutput(this, 'SecretArn', {
      value: this.secret.secretArn,
      description:
        'Fill the keys here before deploying Polyglot (docs/operations.md § First deploy)',
    });
    Validations.of(this.secret).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SMG4',
      reason:
        'Provider API keys are issued and revoked at each provider, which Secrets Manager cannot rotate; POLYGLOT_SESSION_SECRET is rotated by hand with a forced redeployment (docs/operations.md § Rotating keys) because rotating it ends every live session token.',
    });
  }
}

export interface PolyglotStackProps extends StackProps {
  settings: Settings;
  secret: secretsmanager.ISecret;
}

export class PolyglotStack extends Stack {
  readonly cluster: ecs.Cluster;
  readonly serve: ecs.FargateService;
  readonly worker: ecs.FargateService | undefined;
  /** The paths CloudFront answers 404 for, and never sends to serve. */
  readonly hiddenPaths: string[];
  readonly distribution: cloudfront.Distribution;
  readonly alarms: cw.Alarm[] = [];

  constructor(scope: Construct, id: string, props: PolyglotStackProps) {
    super(scope, id, props);
    const { settings: s, secret } = props;
    const originName = `origin.${s.domainName}`;
    const retention = s.logRetentionDays as logs.RetentionDays;

    // Public subnets only: no NAT gateway (~$33 a month per zone), each task has a public IP for
    // its outbound calls (providers, LiveKit) and, for `serve`, CloudFront's inbound.
    const flowLogs = new logs.LogGroup(this, 'VpcRejectedFlows', {
      retention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 }],
      flowLogs: {
        rejected: {
          trafficType: ec2.FlowLogTrafficType.REJECT,
          destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogs),
        },
      },
    });

    this.cluster = new ecs.Cluster(this, 'Cluster', {
      vpc,
      // Task counts per service (the crash-loop alarm) come from Container Insights.
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
    });

    const secrets = Object.fromEntries(
      SECRET_FIELDS.map((f) => [f, ecs.Secret.fromSecretsManager(secret, f)]),
    );
    const common: Record<string, string> = {
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      POLYGLOT_VOICE_TO_VOICE_BUDGET_MS: String(s.voiceToVoiceBudgetMs),
      ...(s.livekitUrl ? { LIVEKIT_URL: s.livekitUrl } : {}),
      ...(s.partnersJson ? { POLYGLOT_PARTNERS: s.partnersJson } : {}),
    };

    // --- serve -------------------------------------------------------------------------------
    const serveLogs = new logs.LogGroup(this, 'ServeLogs', {
      retention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const serveTask = new ecs.FargateTaskDefinition(this, 'ServeTask', {
      cpu: SERVE.cpu,
      memoryLimitMiB: SERVE.memoryMiB,
      runtimePlatform: {
        cpuArchitecture: ecs.CpuArchitecture.X86_64,
        operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
      },
    });
    serveTask.addContainer('serve', {
      image: ecs.ContainerImage.fromRegistry(s.image),
      command: ['node', 'agent/bin/polyglot.js', 'serve'],
      portMappings: [{ containerPort: SERVE.port, protocol: ecs.Protocol.TCP }],
      environment: {
        ...common,
        HOST: '0.0.0.0',
        PORT: String(SERVE.port),
        PUBLIC_URL: `https://${s.domainName}`,
        POLYGLOT_MAX_SESSIONS: String(SERVE.maxSessions),
        POLYGLOT_EMF_SERVICE: 'serve',
        // Behind CloudFront the TCP peer is an edge server shared by many callers (the server
        // does not read X-Forwarded-For yet): per-address limits become per-edge limits, so they
        // are raised; the per-partner limits still hold (docs/operations.md § Where state is lost).
        POLYGLOT_SESSIONS_PER_IP_PER_MINUTE: '600',
        POLYGLOT_PENDING_SOCKETS_PER_IP: '64',
      },
      secrets,
      healthCheck: {
        command: [
          'CMD',
          'node',
          '-e',
          `fetch('http://127.0.0.1:${SERVE.port}/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))`,
        ],
        interval: Duration.seconds(15),
        timeout: Duration.seconds(5),
        retries: 3,
        // Session threads take ~2 s each to start (TODOS.md); the first VAD load more.
        startPeriod: Duration.seconds(60),
      },
      stopTimeout: Duration.seconds(STOP_TIMEOUT_S),
      ulimits: [{ name: ecs.UlimitName.NOFILE, softLimit: 65536, hardLimit: 65536 }],
      logging: ecs.LogDrivers.awsLogs({
        logGroup: serveLogs,
        streamPrefix: 'serve',
        // A slow CloudWatch must not block stdout, and with it the audio event loop; the cost
        // is that lines beyond the buffer are dropped (docs/operations.md § What to watch).
        mode: ecs.AwsLogDriverMode.NON_BLOCKING,
        maxBufferSize: Size.mebibytes(25),
      }),
    });

    const serveSg = new ec2.SecurityGroup(this, 'ServeSg', {
      vpc,
      description: 'polyglot serve: only CloudFront origin-facing servers, on the server port',
      allowAllOutbound: true,
    });
    serveSg.addIngressRule(
      ec2.Peer.prefixList(s.cloudFrontPrefixListId),
      ec2.Port.tcp(SERVE.port),
      'CloudFront origin-facing',
    );

    this.serve = new ecs.FargateService(this, 'Serve', {
      cluster: this.cluster,
      taskDefinition: serveTask,
      desiredCount: s.serveMinTasks,
      assignPublicIp: true,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      securityGroups: [serveSg],
      // ECS Exec: how an operator reaches this task's console (Session Manager port forwarding,
      // docs/operations.md); CDK grants the task role the ssmmessages channels it needs.
      enableExecuteCommand: true,
      // A rollout that cannot get healthy tasks (crash, failing /healthz) stops and rolls back.
      circuitBreaker: { enable: true, rollback: true },
      // New tasks start before old ones stop: capacity never dips during a rollout.
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      propagateTags: ecs.PropagatedTagSource.SERVICE,
    });
    this.serve
      .autoScaleTaskCount({ minCapacity: s.serveMinTasks, maxCapacity: s.serveMaxTasks })
      .scaleOnCpuUtilization('Cpu', {
        targetUtilizationPercent: SCALE_CPU_PERCENT.serve,
        scaleOutCooldown: Duration.seconds(60),
        // Scale-in stops a task and its live sessions: do it slowly.
        scaleInCooldown: Duration.minutes(15),
      });

    // --- worker (LiveKit Agents), only with worker: ecs ---------------------------------------
    let workerLogs: logs.LogGroup | undefined;
    if (s.worker === 'ecs') {
      workerLogs = new logs.LogGroup(this, 'WorkerLogs', {
        retention,
        removalPolicy: RemovalPolicy.DESTROY,
      });
      const workerTask = new ecs.FargateTaskDefinition(this, 'WorkerTask', {
        cpu: WORKER.cpu,
        memoryLimitMiB: WORKER.memoryMiB,
        runtimePlatform: {
          cpuArchitecture: ecs.CpuArchitecture.X86_64,
          operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
        },
      });
      workerTask.addContainer('worker', {
        image: ecs.ContainerImage.fromRegistry(s.image),
        command: ['node', 'agent/bin/polyglot.js', 'worker', 'start'],
        environment: {
          ...common,
          POLYGLOT_MAX_SESSIONS: String(WORKER.maxSessions),
          WORKER_HTTP_PORT: String(WORKER.port),
          POLYGLOT_EMF_SERVICE: 'worker',
        },
        secrets,
        healthCheck: {
          command: [
            'CMD',
            'node',
            '-e',
            `fetch('http://127.0.0.1:${WORKER.port}/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))`,
          ],
          interval: Duration.seconds(15),
          timeout: Duration.seconds(5),
          retries: 3,
          startPeriod: Duration.seconds(90),
        },
        stopTimeout: Duration.seconds(STOP_TIMEOUT_S),
        logging: ecs.LogDrivers.awsLogs({
          logGroup: workerLogs,
          streamPrefix: 'worker',
          mode: ecs.AwsLogDriverMode.NON_BLOCKING,
          maxBufferSize: Size.mebibytes(25),
        }),
      });
      const workerSg = new ec2.SecurityGroup(this, 'WorkerSg', {
        vpc,
        description: 'polyglot worker: outbound only (LiveKit, providers); no inbound rule',
        allowAllOutbound: true,
      });
      this.worker = new ecs.FargateService(this, 'Worker', {
        cluster: this.cluster,
        taskDefinition: workerTask,
        desiredCount: s.workerMinTasks,
        // Outbound only, through the internet gateway: a public IP instead of a NAT gateway.
        // The security group admits nothing in.
        assignPublicIp: true,
        vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
        securityGroups: [workerSg],
        // ECS Exec, for the worker's console on its health port (as for serve).
        enableExecuteCommand: true,
        circuitBreaker: { enable: true, rollback: true },
        minHealthyPercent: 100,
        maxHealthyPercent: 200,
        propagateTags: ecs.PropagatedTagSource.SERVICE,
      });
      this.worker
        .autoScaleTaskCount({ minCapacity: s.workerMinTasks, maxCapacity: s.workerMaxTasks })
        .scaleOnCpuUtilization('Cpu', {
          targetUtilizationPercent: SCALE_CPU_PERCENT.worker,
          scaleOutCooldown: Duration.seconds(60),
          scaleInCooldown: Duration.minutes(15),
        });
      Validations.of(workerTask).acknowledge({
        id: 'AwsSolutions::AwsSolutions-ECS2',
        reason:
          'Only non-secret settings are plain environment values (LiveKit URL, limits, partners: public keys and origins); every key comes from Secrets Manager.',
      });
    }

    // --- TLS: CloudFront in front of the tasks -----------------------------------------------
    const zone = route53.HostedZone.fromHostedZoneAttributes(this, 'Zone', {
      hostedZoneId: s.hostedZoneId,
      zoneName: s.zoneName,
    });
    // The Prometheus endpoint stays inside the task (the EMF reporter reads it on loopback). The
    // operator console too when serve may run more than one task: CloudFront picks a task per
    // connection, so a sign-in on one would be unknown to the next request's (docs/operations.md
    // § The operator console); operators reach each task through ECS Exec instead.
    this.hiddenPaths = ['/metrics', ...(s.serveMaxTasks > 1 ? ['/console'] : [])];
    const blockInternal = new cloudfront.Function(this, 'BlockInternal', {
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      comment: `polyglot: ${this.hiddenPaths.join(' and ')} not public`,
      code: cloudfront.FunctionCode.fromInline(hidePathsFunction(this.hiddenPaths)),
    });
    this.distribution = new cloudfront.Distribution(this, 'Cdn', {
      comment: `polyglot ${s.domainName}`,
      domainNames: [s.domainName],
      certificate: acm.Certificate.fromCertificateArn(this, 'Cert', s.certificateArn),
      minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      defaultBehavior: {
        origin: new origins.HttpOrigin(originName, {
          protocolPolicy: cloudfront.OriginProtocolPolicy.HTTP_ONLY,
          httpPort: SERVE.port,
          // A dead task's address stays in DNS for up to the record's TTL: fail fast and retry.
          connectionAttempts: 3,
          connectionTimeout: Duration.seconds(4),
          readTimeout: Duration.seconds(30),
          // Under the server's 5 s keep-alive, so CloudFront never reuses a socket the server
          // is closing.
          keepaliveTimeout: Duration.seconds(4),
        }),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
        // Nothing is cached: session answers are per caller, and the bundle's name has no hash.
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        // All viewer headers: the Host the server checks against PUBLIC_URL, the Origin it
        // checks against the partner, and the WebSocket upgrade of /v1/session.
        originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER,
        functionAssociations: [
          { function: blockInternal, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST },
        ],
      },
    });
    for (const [rid, Record] of [
      ['Alias', route53.ARecord],
      ['AliasV6', route53.AaaaRecord],
    ] as const) {
      new Record(this, rid, {
        zone,
        recordName: s.domainName,
        target: route53.RecordTarget.fromAlias(
          new route53Targets.CloudFrontTarget(this.distribution),
        ),
      });
    }

    // The origin name follows the healthy tasks (src/origin-dns/handler.mjs).
    const dnsLogs = new logs.LogGroup(this, 'OriginDnsLogs', {
      retention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const originDns = new lambda.Function(this, 'OriginDns', {
      description: `polyglot: ${originName} -> public IPs of healthy serve tasks`,
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'handler.handler',
      code: lambda.Code.fromAsset(fileURLToPath(new URL('./origin-dns/', import.meta.url))),
      timeout: Duration.seconds(30),
      memorySize: 256,
      logGroup: dnsLogs,
      environment: {
        CLUSTER: this.cluster.clusterName,
        SERVICE: this.serve.serviceName,
        ZONE_ID: s.hostedZoneId,
        RECORD_NAME: originName,
        TTL: '30',
      },
    });
    originDns.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['ecs:ListTasks'],
        resources: ['*'],
        conditions: { ArnEquals: { 'ecs:cluster': this.cluster.clusterArn } },
      }),
    );
    originDns.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['ecs:DescribeTasks'],
        resources: [
          Stack.of(this).formatArn({
            service: 'ecs',
            resource: 'task',
            resourceName: `${this.cluster.clusterName}/*`,
          }),
        ],
      }),
    );
    originDns.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['ec2:DescribeNetworkInterfaces'], resources: ['*'] }),
    );
    originDns.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['route53:ListResourceRecordSets'],
        resources: [zone.hostedZoneArn],
      }),
    );
    originDns.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['route53:ChangeResourceRecordSets'],
        resources: [zone.hostedZoneArn],
        // Only the origin name's A records, nothing else in the zone.
        conditions: {
          'ForAllValues:StringEquals': {
            'route53:ChangeResourceRecordSetsNormalizedRecordNames': [originName],
            'route53:ChangeResourceRecordSetsRecordTypes': ['A'],
          },
        },
      }),
    );
    new events.Rule(this, 'TaskStateChanges', {
      description:
        'polyglot: rewrite the origin records when a task starts, turns healthy or stops',
      eventPattern: {
        source: ['aws.ecs'],
        detailType: ['ECS Task State Change'],
        detail: { clusterArn: [this.cluster.clusterArn] },
      },
      targets: [new eventTargets.LambdaFunction(originDns)],
    });
    new events.Rule(this, 'OriginDnsEveryMinute', {
      description: 'polyglot: repair the origin records if an event was missed',
      schedule: events.Schedule.rate(Duration.minutes(1)),
      targets: [new eventTargets.LambdaFunction(originDns)],
    });

    // --- alarms ------------------------------------------------------------------------------
    const alarmKey = new kms.Key(this, 'AlarmTopicKey', {
      description: 'polyglot alarm topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    alarmKey.grantEncryptDecrypt(new iam.ServicePrincipal('cloudwatch.amazonaws.com'));
    const topic = new sns.Topic(this, 'Alarms', {
      displayName: 'Polyglot alarms',
      masterKey: alarmKey,
      enforceSSL: true,
    });
    if (s.alarmEmail) topic.addSubscription(new snsSubs.EmailSubscription(s.alarmEmail));
    const notify = new cwActions.SnsAction(topic);
    const alarm = (id: string, props: cw.AlarmProps) => {
      const a = new cw.Alarm(this, id, props);
      a.addAlarmAction(notify);
      a.addOkAction(notify);
      this.alarms.push(a);
      return a;
    };
    const polyglot = (name: string, service: string, statistic = 'Sum') =>
      new cw.Metric({
        namespace: EMF_NAMESPACE,
        metricName: name,
        dimensionsMap: { [EMF_DIMENSION]: service },
        statistic,
        period: Duration.minutes(5),
      });
    const services: [string, ecs.FargateService, logs.LogGroup][] = [
      ['serve', this.serve, serveLogs],
    ];
    if (this.worker && workerLogs) services.push(['worker', this.worker, workerLogs]);

    for (const [name, service, logGroup] of services) {
      const insights = (metricName: string, statistic: string) =>
        new cw.Metric({
          namespace: 'ECS/ContainerInsights',
          metricName,
          dimensionsMap: {
            ClusterName: this.cluster.clusterName,
            ServiceName: service.serviceName,
          },
          statistic,
          period: Duration.minutes(5),
        });
      alarm(`${name}CrashLoop`, {
        alarmName: `polyglot-${name}-crash-loop`,
        alarmDescription: `${name}: fewer running tasks than desired for 15 minutes (tasks crash, fail /healthz, or cannot start). Runbook: docs/operations.md#crash-loop`,
        metric: new cw.MathExpression({
          expression: 'desired - running',
          usingMetrics: {
            desired: insights('DesiredTaskCount', 'Maximum'),
            running: insights('RunningTaskCount', 'Minimum'),
          },
          label: 'tasks missing',
          period: Duration.minutes(5),
        }),
        threshold: 1,
        comparisonOperator: cw.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 3,
        datapointsToAlarm: 3,
        treatMissingData: cw.TreatMissingData.BREACHING,
      });
      alarm(`${name}VoiceToVoiceP95`, {
        alarmName: `polyglot-${name}-voice-to-voice-p95`,
        alarmDescription: `${name}: p95 voice-to-voice over ${s.voiceToVoiceBudgetMs} ms (more than 5% of turns slower) for 15 minutes, with at least 20 turns per 5 minutes. Runbook: docs/operations.md#voice-to-voice-over-budget`,
        metric: new cw.MathExpression({
          expression: 'IF(turns >= 20, 100 * slow / turns, 0)',
          usingMetrics: {
            turns: polyglot(EMF_METRICS.voiceToVoiceTurns, name),
            slow: polyglot(EMF_METRICS.voiceToVoiceSlowTurns, name),
          },
          label: `% of turns over ${s.voiceToVoiceBudgetMs} ms`,
          period: Duration.minutes(5),
        }),
        threshold: 5,
        comparisonOperator: cw.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 3,
        datapointsToAlarm: 3,
        treatMissingData: cw.TreatMissingData.NOT_BREACHING,
      });
      alarm(`${name}SessionsRefused`, {
        alarmName: `polyglot-${name}-sessions-refused`,
        alarmDescription: `${name}: callers turned away at the session cap in 2 of 3 five-minute periods (every task full). Runbook: docs/operations.md#sessions-refused`,
        metric: polyglot(EMF_METRICS.sessionsRejected, name),
        threshold: 0,
        comparisonOperator: cw.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        treatMissingData: cw.TreatMissingData.NOT_BREACHING,
      });
      // Provider failures and error lines are not on /metrics: they are counted from the
      // JSON log lines the session core writes (docs/operations.md § Alarms).
      const providerErrors = new logs.MetricFilter(this, `${name}ProviderErrorsFilter`, {
        logGroup,
        filterPattern: logs.FilterPattern.any(
          logs.FilterPattern.stringValue('$.msg', '=', 'provider error'),
          logs.FilterPattern.stringValue('$.msg', '=', 'speech-to-text request failed'),
        ),
        metricNamespace: EMF_NAMESPACE,
        metricName: `ProviderErrors-${name}`,
        metricValue: '1',
        defaultValue: 0,
      });
      alarm(`${name}ProviderOutage`, {
        alarmName: `polyglot-${name}-provider-outage`,
        alarmDescription: `${name}: 10 or more speech, LLM or voice provider failures in each of 2 of 3 five-minute periods. Runbook: docs/operations.md#provider-outage`,
        metric: providerErrors.metric({ statistic: 'Sum', period: Duration.minutes(5) }),
        threshold: 10,
        comparisonOperator: cw.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        treatMissingData: cw.TreatMissingData.NOT_BREACHING,
      });
      const errorLines = new logs.MetricFilter(this, `${name}ErrorLinesFilter`, {
        logGroup,
        // pino: 50 is error, 60 fatal.
        filterPattern: logs.FilterPattern.numberValue('$.level', '>=', 50),
        metricNamespace: EMF_NAMESPACE,
        metricName: `ErrorLines-${name}`,
        metricValue: '1',
        defaultValue: 0,
      });
      alarm(`${name}ErrorRate`, {
        alarmName: `polyglot-${name}-error-rate`,
        alarmDescription: `${name}: error log lines at 10% or more of the sessions started (counting at least 100 sessions, so 10 lines when traffic is low) in 2 of 3 five-minute periods. Runbook: docs/operations.md#error-rate`,
        metric: new cw.MathExpression({
          expression: '100 * errors / MAX([sessions, 100])',
          usingMetrics: {
            errors: errorLines.metric({ statistic: 'Sum', period: Duration.minutes(5) }),
            sessions: polyglot(EMF_METRICS.sessionsStarted, name),
          },
          label: 'error lines per 100 sessions',
          period: Duration.minutes(5),
        }),
        threshold: 10,
        comparisonOperator: cw.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        treatMissingData: cw.TreatMissingData.NOT_BREACHING,
      });
    }
    alarm('serveThreadRestarts', {
      alarmName: 'polyglot-serve-session-thread-restarts',
      alarmDescription:
        'serve: 3 or more session threads died and were replaced within 5 minutes (their sessions ended). Runbook: docs/operations.md#crash-loop',
      metric: polyglot(EMF_METRICS.threadRestarts, 'serve'),
      threshold: 3,
      comparisonOperator: cw.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cw.TreatMissingData.NOT_BREACHING,
    });
    alarm('OriginDnsFailing', {
      alarmName: 'polyglot-origin-dns-failing',
      alarmDescription:
        'The function that points CloudFront at the serve tasks failed for 5 minutes: new or replaced tasks get no traffic, stopped ones keep getting it. Runbook: docs/operations.md#origin-dns-failing',
      metric: originDns.metricErrors({ period: Duration.minutes(1), statistic: 'Sum' }),
      threshold: 1,
      comparisonOperator: cw.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 5,
      datapointsToAlarm: 5,
      treatMissingData: cw.TreatMissingData.NOT_BREACHING,
    });

    this.#suppress(serveTask, originDns, vpc);
  }

  /** Every cdk-nag finding we accept, with the reason next to the resource it concerns. */
  #suppress(serveTask: ecs.TaskDefinition, originDns: lambda.Function, vpc: ec2.Vpc): void {
    Validations.of(serveTask).acknowledge({
      id: 'AwsSolutions::AwsSolutions-ECS2',
      reason:
        'Only non-secret settings are plain environment values (public URL, limits, partners: public keys and origins); every key comes from Secrets Manager.',
    });
    for (const task of [serveTask, this.worker?.taskDefinition]) {
      if (!task) continue;
      Validations.of(task.taskRole).acknowledge({
        id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
        reason:
          "ECS Exec (the operators' way to each task's console): the ssmmessages channel actions have no resource-level permissions.",
      });
    }
    Validations.of(originDns).acknowledge(
      {
        id: 'AwsSolutions::AwsSolutions-L1',
        reason:
          'Node.js 24, the LTS line the image runs (one Node version for the project); cdk-nag wants the newest family member CDK lists (26), which is not an LTS yet. Move with the image.',
      },
      {
        id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason:
          'The basic execution policy only lets the function write its own logs (to its log group, which has a retention).',
      },
      {
        id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
        reason:
          'ec2:DescribeNetworkInterfaces has no resource-level permissions; ecs:ListTasks is limited to this cluster by its ecs:cluster condition.',
      },
      {
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ecs:<AWS::Region>:<AWS::AccountId>:task/<${this.getLogicalId(this.cluster.node.defaultChild as ecs.CfnCluster)}>/*]`,
        reason:
          "ecs:DescribeTasks on this cluster's tasks only; their ids are not known in advance.",
      },
    );
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions::AwsSolutions-CFR1',
        reason: 'Partners serve travellers worldwide; no country is excluded.',
      },
      {
        id: 'AwsSolutions::AwsSolutions-CFR2',
        reason:
          'No WAF web ACL (it must live in us-east-1 and costs a fixed monthly fee): the server rate-limits session creation per partner and per address itself. A rate-based WAF rule is the documented next step (docs/operations.md § What is weak).',
      },
      {
        id: 'AwsSolutions::AwsSolutions-CFR3',
        reason:
          'No CloudFront access logs: they would hold every caller IP address and need a logging bucket with ACLs; the tasks log each session (masked). Enable them for an investigation.',
      },
      {
        id: 'AwsSolutions::AwsSolutions-CFR5',
        reason:
          'The origin is plain HTTP: Fargate tasks without a load balancer have no certificate. Only CloudFront origin-facing addresses may connect (security group), and CloudFront to origin traffic is unencrypted; this is the documented price of having no load balancer (docs/operations.md § TLS).',
      },
    );
    void vpc;
  }
}
