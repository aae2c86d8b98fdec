/**
 * `cdk synth` of both stacks, offline, with the CDK assertions module and cdk-nag's AWS Solutions
 * checks: what an operator relies on when the stack is deployed (no load balancer, public IPs,
 * health checks, rollbacks, secrets never in plain text, the alarms). Needs no AWS account.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { EMF_METRICS } from '../../agent/src/observability/emf.js';
import { buildApp } from '../src/app.js';
import { SECRET_FIELDS, SERVE, STOP_TIMEOUT_S, WORKER } from '../src/polyglot-stack.js';
import { parseSettings, SettingsError, type Settings } from '../src/settings.js';

const example = JSON.parse(
  readFileSync(new URL('../config/example.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

function synth(overrides: Partial<Settings> = {}) {
  const app = new App();
  const settings = parseSettings({ ...example, ...overrides });
  const { main, secrets } = buildApp(app, settings);
  // cdk-nag runs as a validation plugin of this synth: an unacknowledged finding throws here.
  const assembly = app.synth();
  const report = JSON.parse(
    readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8'),
  ) as NagReport;
  return {
    app,
    main,
    secrets,
    report,
    template: Template.fromStack(main),
    secretsTemplate: Template.fromStack(secrets),
  };
}

type NagReport = {
  pluginReports: {
    pluginName: string;
    conclusion: string;
    violations: unknown[];
    suppressedViolations: {
      ruleName: string;
      reason: string;
      violatingConstructs: { constructPath: string }[];
    }[];
  }[];
};

type Resource = { Type: string; Properties: Record<string, unknown> };
type Container = {
  Name: string;
  Environment?: { Name: string; Value: unknown }[];
  Secrets?: { Name: string; ValueFrom: unknown }[];
  HealthCheck?: { Command: string[]; StartPeriod?: number };
  StopTimeout?: number;
  Command?: string[];
  LogConfiguration?: { LogDriver: string; Options: Record<string, unknown> };
};

function containers(template: Template): Container[] {
  return Object.values(
    template.findResources('AWS::ECS::TaskDefinition') as Record<string, Resource>,
  ).flatMap((r) => r.Properties.ContainerDefinitions as Container[]);
}

/**
 * The distribution's viewer-request function, run here on a request for `uri`: 404 when it
 * answers itself, 'passed' when the request goes on to serve.
 */
function cloudFrontFunction(template: Template): (uri: string) => number | 'passed' {
  const fns = Object.values(
    template.findResources('AWS::CloudFront::Function') as Record<string, Resource>,
  );
  assert.equal(fns.length, 1);
  const handler = new Function(`${String(fns[0]!.Properties.FunctionCode)}; return handler;`)() as (
    event: unknown,
  ) => { statusCode?: number; uri?: string };
  return (uri) => {
    const out = handler({ request: { uri, method: 'GET', headers: {} } });
    return out.statusCode ?? (out.uri === uri ? 'passed' : assert.fail('request rewritten'));
  };
}

describe('infra: the ECS Fargate deployment (worker on ECS)', () => {
  let t: ReturnType<typeof synth>;
  before(() => {
    t = synth({ worker: 'ecs' });
  });

  it('has no load balancer, and both services give their tasks public IPs', () => {
    for (const type of [
      'AWS::ElasticLoadBalancingV2::LoadBalancer',
      'AWS::ElasticLoadBalancing::LoadBalancer',
      'AWS::EC2::NatGateway',
    ]) {
      t.template.resourceCountIs(type, 0);
    }
    t.template.resourceCountIs('AWS::ECS::Service', 2);
    const services = Object.values(
      t.template.findResources('AWS::ECS::Service') as Record<string, Resource>,
    );
    for (const svc of services) {
      assert.equal(svc.Properties.LoadBalancers, undefined);
      assert.equal(svc.Properties.LaunchType, 'FARGATE');
      const net = svc.Properties.NetworkConfiguration as {
        AwsvpcConfiguration: { AssignPublicIp: string };
      };
      assert.equal(net.AwsvpcConfiguration.AssignPublicIp, 'ENABLED');
    }
  });

  it('rolls a failed deployment back, and never drops below the running capacity', () => {
    t.template.resourcePropertiesCountIs(
      'AWS::ECS::Service',
      {
        DeploymentConfiguration: {
          DeploymentCircuitBreaker: { Enable: true, Rollback: true },
          MinimumHealthyPercent: 100,
          MaximumPercent: 200,
        },
      },
      2,
    );
  });

  it('checks each container on its own /healthz, and gives sessions the longest stop Fargate allows', () => {
    const byName = Object.fromEntries(containers(t.template).map((c) => [c.Name, c]));
    const serve = byName.serve;
    const worker = byName.worker;
    assert.ok(serve && worker);
    assert.match(
      serve.HealthCheck!.Command.join(' '),
      new RegExp(`127\\.0\\.0\\.1:${SERVE.port}/healthz`),
    );
    assert.match(
      worker.HealthCheck!.Command.join(' '),
      new RegExp(`127\\.0\\.0\\.1:${WORKER.port}/healthz`),
    );
    assert.equal(serve.StopTimeout, STOP_TIMEOUT_S);
    assert.equal(worker.StopTimeout, 120);
    assert.deepEqual(serve.Command, ['node', 'agent/bin/polyglot.js', 'serve']);
    assert.deepEqual(worker.Command, ['node', 'agent/bin/polyglot.js', 'worker', 'start']);
  });

  it('takes every key from Secrets Manager and never puts a secret in a plain environment value', () => {
    for (const c of containers(t.template)) {
      const env = new Map((c.Environment ?? []).map((e) => [e.Name, e.Value]));
      const secretNames = (c.Secrets ?? []).map((s) => s.Name).sort();
      assert.deepEqual(secretNames, [...SECRET_FIELDS].sort(), c.Name);
      for (const f of SECRET_FIELDS)
        assert.equal(env.has(f), false, `${f} is a plain value in ${c.Name}`);
      for (const s of c.Secrets ?? []) {
        // A reference to a JSON field of the secret (arn:…:secret:…:FIELD::), resolved by ECS.
        const ref = JSON.stringify(s.ValueFrom);
        assert.match(ref, new RegExp(`:${s.Name}::`), `${s.Name} is not a secret field reference`);
      }
      // Nothing that looks like a key in the plain values.
      for (const [name, value] of env) {
        assert.doesNotMatch(String(value), /sk-[A-Za-z0-9]{10,}|secret/i, `${name} in ${c.Name}`);
      }
    }
    // The secret's value is generated by Secrets Manager, never written in the template.
    const secret = Object.values(
      t.secretsTemplate.findResources('AWS::SecretsManager::Secret') as Record<string, Resource>,
    )[0]!;
    assert.equal(secret.Properties.SecretString, undefined);
    const gen = secret.Properties.GenerateSecretString as {
      SecretStringTemplate: string;
      GenerateStringKey: string;
    };
    assert.equal(gen.GenerateStringKey, 'POLYGLOT_SESSION_SECRET');
    for (const v of Object.values(JSON.parse(gen.SecretStringTemplate) as Record<string, string>)) {
      assert.equal(v, '', 'the template only names the fields');
    }
  });

  it('serves on the public name with the settings the server needs behind CloudFront', () => {
    const serve = containers(t.template).find((c) => c.Name === 'serve')!;
    const env = Object.fromEntries((serve.Environment ?? []).map((e) => [e.Name, e.Value]));
    assert.equal(env.PUBLIC_URL, 'https://assistant.example.com');
    assert.equal(env.HOST, '0.0.0.0');
    assert.equal(env.POLYGLOT_MAX_SESSIONS, String(SERVE.maxSessions));
    assert.equal(env.POLYGLOT_EMF_SERVICE, 'serve');
    assert.equal(env.LIVEKIT_URL, 'wss://example-project.livekit.cloud');
    t.template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      Cpu: String(SERVE.cpu),
      Memory: String(SERVE.memoryMiB),
      ContainerDefinitions: [Match.objectLike({ Name: 'serve' })],
    });
  });

  it('logs to CloudWatch with a retention, without blocking the server on a slow log stream', () => {
    for (const c of containers(t.template)) {
      assert.equal(c.LogConfiguration?.LogDriver, 'awslogs');
      assert.equal(c.LogConfiguration?.Options.mode, 'non-blocking');
    }
    const groups = Object.values(
      t.template.findResources('AWS::Logs::LogGroup') as Record<string, Resource>,
    );
    assert.ok(groups.length >= 3);
    for (const g of groups) assert.equal(g.Properties.RetentionInDays, 30);
  });

  it('scales both services on CPU', () => {
    t.template.resourcePropertiesCountIs(
      'AWS::ApplicationAutoScaling::ScalingPolicy',
      {
        PolicyType: 'TargetTrackingScaling',
        TargetTrackingScalingPolicyConfiguration: Match.objectLike({
          PredefinedMetricSpecification: {
            PredefinedMetricType: 'ECSServiceAverageCPUUtilization',
          },
        }),
      },
      2,
    );
    t.template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      MinCapacity: 2,
      MaxCapacity: 10,
    });
  });

  it('lets only CloudFront reach serve, and nothing reach the worker', () => {
    const sgs = Object.values(
      t.template.findResources('AWS::EC2::SecurityGroup') as Record<string, Resource>,
    );
    assert.equal(sgs.length, 2);
    for (const g of sgs) assert.equal(g.Properties.SecurityGroupIngress, undefined);
    const rules = Object.values(
      t.template.findResources('AWS::EC2::SecurityGroupIngress') as Record<string, Resource>,
    );
    assert.equal(rules.length, 1, 'one inbound rule in all');
    const rule = rules[0]!.Properties;
    assert.equal(rule.SourcePrefixListId, 'pl-4fa04526');
    assert.equal(rule.CidrIp, undefined);
    assert.deepEqual(
      [rule.IpProtocol, rule.FromPort, rule.ToPort],
      ['tcp', SERVE.port, SERVE.port],
    );
    // ...on serve's group, not the worker's.
    const serveSvc = Object.values(
      t.template.findResources('AWS::ECS::Service') as Record<string, Resource>,
    ).find((r) => JSON.stringify(r.Properties.TaskDefinition).includes('ServeTask'))!;
    const serveSgRef = JSON.stringify(
      (
        serveSvc.Properties.NetworkConfiguration as {
          AwsvpcConfiguration: { SecurityGroups: unknown[] };
        }
      ).AwsvpcConfiguration.SecurityGroups[0],
    );
    assert.equal(serveSgRef, JSON.stringify(rule.GroupId));
  });

  it('terminates TLS at CloudFront, forwards WebSocket upgrades and the Host, and hides /metrics', () => {
    t.template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['assistant.example.com'],
        ViewerCertificate: Match.objectLike({ MinimumProtocolVersion: 'TLSv1.2_2021' }),
        Origins: [
          Match.objectLike({
            DomainName: 'origin.assistant.example.com',
            CustomOriginConfig: Match.objectLike({
              OriginProtocolPolicy: 'http-only',
              HTTPPort: SERVE.port,
              OriginKeepaliveTimeout: 4,
            }),
          }),
        ],
        DefaultCacheBehavior: Match.objectLike({
          ViewerProtocolPolicy: 'redirect-to-https',
          // The managed AllViewer origin request policy and CachingDisabled cache policy.
          OriginRequestPolicyId: '216adef6-5c7f-47e4-b989-5492eafa07d3',
          CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
          FunctionAssociations: [Match.objectLike({ EventType: 'viewer-request' })],
        }),
      }),
    });
    const viewer = cloudFrontFunction(t.template);
    assert.equal(viewer('/metrics'), 404);
    assert.equal(viewer('/metrics/anything'), 404);
    assert.equal(viewer('/'), 'passed');
    assert.equal(viewer('/v1/session'), 'passed');
    assert.equal(viewer('/metricsx'), 'passed', 'only the path and what is under it');
    t.template.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'assistant.example.com.',
      Type: 'A',
      AliasTarget: Match.anyValue(),
    });
  });

  it('keeps the console off the public name when serve may run several tasks, and lets operators reach each task by ECS Exec', () => {
    const viewer = cloudFrontFunction(t.template);
    assert.equal(viewer('/console'), 404);
    assert.equal(viewer('/console/api/live'), 404);
    const services = Object.values(
      t.template.findResources('AWS::ECS::Service') as Record<string, Resource>,
    );
    assert.equal(services.length, 2);
    for (const svc of services) assert.equal(svc.Properties.EnableExecuteCommand, true);
    // The task role may open Session Manager's channels (ECS Exec's port forwarding).
    const policies = JSON.stringify(t.template.findResources('AWS::IAM::Policy'));
    assert.match(policies, /ssmmessages:OpenDataChannel/);
    // With one serve task the public name reaches it: the console stays there, over HTTPS.
    const single = cloudFrontFunction(
      synth({ worker: 'ecs', serveMinTasks: 1, serveMaxTasks: 1 }).template,
    );
    assert.equal(single('/console'), 'passed');
    assert.equal(single('/metrics'), 404);
  });

  it('keeps the origin name on the healthy tasks: on every task change and every minute', () => {
    t.template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({ 'detail-type': ['ECS Task State Change'] }),
    });
    t.template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(1 minute)' });
    t.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ RECORD_NAME: 'origin.assistant.example.com', TTL: '30' }),
      },
    });
    // It may change that name's A records and nothing else in the zone.
    t.template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'route53:ChangeResourceRecordSets',
            Condition: {
              'ForAllValues:StringEquals': {
                'route53:ChangeResourceRecordSetsNormalizedRecordNames': [
                  'origin.assistant.example.com',
                ],
                'route53:ChangeResourceRecordSetsRecordTypes': ['A'],
              },
            },
          }),
        ]),
      },
    });
  });

  it('raises the alarms an operator is paged for, for both services, on the metrics the server writes', () => {
    const alarms = Object.values(
      t.template.findResources('AWS::CloudWatch::Alarm') as Record<string, Resource>,
    );
    const names = alarms.map((a) => a.Properties.AlarmName as string).sort();
    for (const svc of ['serve', 'worker']) {
      for (const kind of [
        'crash-loop',
        'voice-to-voice-p95',
        'error-rate',
        'provider-outage',
        'sessions-refused',
      ]) {
        assert.ok(names.includes(`polyglot-${svc}-${kind}`), `missing polyglot-${svc}-${kind}`);
      }
    }
    assert.ok(names.includes('polyglot-origin-dns-failing'));
    assert.ok(names.includes('polyglot-serve-session-thread-restarts'));
    for (const a of alarms) {
      assert.ok(
        (a.Properties.AlarmActions as unknown[]).length > 0,
        `${a.Properties.AlarmName} notifies nobody`,
      );
      assert.match(String(a.Properties.AlarmDescription), /Runbook: docs\/operations\.md#/);
    }
    // The p95 alarm reads the two series the EMF lines carry, and holds 5% over the budget.
    const p95 = alarms.find((a) => a.Properties.AlarmName === 'polyglot-serve-voice-to-voice-p95')!;
    const metrics = JSON.stringify(p95.Properties.Metrics);
    assert.ok(metrics.includes(`"${EMF_METRICS.voiceToVoiceTurns}"`));
    assert.ok(metrics.includes(`"${EMF_METRICS.voiceToVoiceSlowTurns}"`));
    assert.equal(p95.Properties.Threshold, 5);
    t.template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: '{ ($.msg = "provider error") || ($.msg = "speech-to-text request failed") }',
    });
    t.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'oncall@example.com',
    });
  });

  it('passes cdk-nag AWS Solutions, each accepted finding with its reason next to its resource', () => {
    const [nag] = t.report.pluginReports;
    assert.equal(nag?.pluginName, 'AwsSolutions');
    assert.equal(nag.conclusion, 'success');
    assert.deepEqual(nag.violations, []);
    const accepted = nag.suppressedViolations
      .map(
        (v) =>
          `${v.ruleName.replace(/\[.*$/, '')} ${v.violatingConstructs.map((c) => c.constructPath).join(',')}`,
      )
      .sort();
    // A new finding, or an acknowledgment that no longer matches anything, shows here.
    assert.deepEqual(accepted, [
      'AwsSolutions-CFR1 Polyglot/Cdn/Resource',
      'AwsSolutions-CFR2 Polyglot/Cdn/Resource',
      'AwsSolutions-CFR3 Polyglot/Cdn/Resource',
      'AwsSolutions-CFR5 Polyglot/Cdn/Resource',
      'AwsSolutions-ECS2 Polyglot/ServeTask/Resource',
      'AwsSolutions-ECS2 Polyglot/WorkerTask/Resource',
      'AwsSolutions-IAM4 Polyglot/OriginDns/ServiceRole/Resource',
      'AwsSolutions-IAM5 Polyglot/OriginDns/ServiceRole/DefaultPolicy/Resource',
      'AwsSolutions-IAM5 Polyglot/OriginDns/ServiceRole/DefaultPolicy/Resource',
      'AwsSolutions-IAM5 Polyglot/ServeTask/TaskRole/DefaultPolicy/Resource',
      'AwsSolutions-IAM5 Polyglot/WorkerTask/TaskRole/DefaultPolicy/Resource',
      'AwsSolutions-L1 Polyglot/OriginDns/Resource',
      'AwsSolutions-SMG4 PolyglotSecrets/Keys/Resource',
    ]);
    for (const v of nag.suppressedViolations) assert.ok(v.reason.length > 40, v.ruleName);
  });

  it('fails the synth on a finding nobody accepted (the check is live)', () => {
    const app = new App();
    const { main } = buildApp(app, parseSettings({ ...example }));
    const sg = new ec2.SecurityGroup(Stack.of(main), 'WideOpen', {
      vpc: main.cluster.vpc,
    });
    sg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(22));
    assert.throws(() => app.synth(), /Validation failed/);
  });
});

describe('infra: the other worker modes', () => {
  it('with a LiveKit Cloud worker, deploys serve alone and points it at LiveKit', () => {
    const { template } = synth({ worker: 'livekit-cloud' });
    template.resourceCountIs('AWS::ECS::Service', 1);
    const [serve] = containers(template);
    assert.equal(serve?.Name, 'serve');
    assert.ok(serve.Environment?.some((e) => e.Name === 'LIVEKIT_URL'));
    assert.equal(
      Object.values(
        template.findResources('AWS::CloudWatch::Alarm') as Record<string, Resource>,
      ).some((a) => String(a.Properties.AlarmName).includes('worker')),
      false,
    );
  });

  it('without LiveKit, serve runs the sessions itself and is not given a LiveKit URL', () => {
    const { template, report } = synth({ worker: 'none', livekitUrl: undefined });
    template.resourceCountIs('AWS::ECS::Service', 1);
    assert.equal(
      containers(template)[0]?.Environment?.some((e) => e.Name === 'LIVEKIT_URL'),
      false,
    );
    assert.equal(report.pluginReports[0]?.conclusion, 'success');
  });
});

describe('infra: settings', () => {
  it('names each wrong field instead of failing in CloudFormation', () => {
    assert.throws(
      () =>
        parseSettings({
          ...example,
          image: 'polyglot',
          certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/x',
          voiceToVoiceBudgetMs: 1200,
          worker: 'ecs',
          livekitUrl: undefined,
          serveMinTasks: 3,
          serveMaxTasks: 2,
          typo: 1,
        }),
      (e: unknown) => {
        assert.ok(e instanceof SettingsError);
        const fields = e.problems.map((p) => p.split(':')[0]).sort();
        assert.deepEqual(fields, [
          'certificateArn',
          'image',
          'livekitUrl',
          'serveMaxTasks',
          'typo',
          'voiceToVoiceBudgetMs',
        ]);
        return true;
      },
    );
  });
});
