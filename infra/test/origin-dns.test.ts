/**
 * The function that keeps CloudFront's origin name on the healthy `serve` tasks, against fake
 * ECS, EC2 and Route 53 clients that hold state the way the services do.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { reconcile } from '../src/origin-dns/handler.mjs';

interface FakeTask {
  id: string;
  ip: string;
  lastStatus: string;
  desiredStatus: string;
  healthStatus: string;
}
type RecordSet = {
  Name?: string;
  Type?: string;
  SetIdentifier?: string;
  TTL?: number;
  MultiValueAnswer?: boolean;
  ResourceRecords?: { Value: string }[];
};

const TARGET = {
  cluster: 'polyglot',
  service: 'serve',
  zoneId: 'Z123',
  recordName: 'origin.assistant.example.com',
  ttl: 30,
};
const NAME = 'origin.assistant.example.com.';

function world(tasks: FakeTask[], records: RecordSet[] = []) {
  const state = { tasks, records: [...records], batches: 0 };
  const arn = (id: string) => `arn:aws:ecs:eu-west-1:123456789012:task/polyglot/${id}`;
  const clients = {
    ecs: {
      listTasks: async () => ({
        taskArns: state.tasks.filter((t) => t.desiredStatus === 'RUNNING').map((t) => arn(t.id)),
      }),
      describeTasks: async ({ tasks: arns }: { tasks: string[] }) => ({
        tasks: state.tasks
          .filter((t) => arns.includes(arn(t.id)))
          .map((t) => ({
            taskArn: arn(t.id),
            lastStatus: t.lastStatus,
            desiredStatus: t.desiredStatus,
            healthStatus: t.healthStatus,
            attachments: [
              {
                type: 'ElasticNetworkInterface',
                details: [{ name: 'networkInterfaceId', value: `eni-${t.id}` }],
              },
            ],
          })),
      }),
    },
    ec2: {
      describeNetworkInterfaces: async ({
        NetworkInterfaceIds,
      }: {
        NetworkInterfaceIds: string[];
      }) => ({
        NetworkInterfaces: state.tasks
          .filter((t) => NetworkInterfaceIds.includes(`eni-${t.id}`))
          .map((t) => ({ NetworkInterfaceId: `eni-${t.id}`, Association: { PublicIp: t.ip } })),
      }),
    },
    route53: {
      listResourceRecordSets: async () => ({
        // Route 53 lists the zone from the start name on, other names included.
        ResourceRecordSets: [
          ...state.records,
          { Name: 'www.example.com.', Type: 'A', ResourceRecords: [{ Value: '192.0.2.1' }] },
        ],
        IsTruncated: false,
      }),
      changeResourceRecordSets: async ({
        ChangeBatch,
      }: {
        ChangeBatch: { Changes: { Action: string; ResourceRecordSet: RecordSet }[] };
      }) => {
        state.batches++;
        for (const c of ChangeBatch.Changes) {
          const i = state.records.findIndex(
            (r) => r.SetIdentifier === c.ResourceRecordSet.SetIdentifier,
          );
          if (c.Action === 'DELETE') {
            assert.ok(i >= 0, 'Route 53 refuses to delete a record that does not exist');
            assert.deepEqual(state.records[i], c.ResourceRecordSet, 'a DELETE must match exactly');
            state.records.splice(i, 1);
          } else if (i >= 0) state.records[i] = c.ResourceRecordSet;
          else state.records.push(c.ResourceRecordSet);
        }
        return {};
      },
    },
  };
  const ips = () => state.records.map((r) => r.ResourceRecords?.[0]?.Value).sort();
  return { state, clients, ips };
}

const task = (id: string, ip: string, over: Partial<FakeTask> = {}): FakeTask => ({
  id,
  ip,
  lastStatus: 'RUNNING',
  desiredStatus: 'RUNNING',
  healthStatus: 'HEALTHY',
  ...over,
});

describe('origin DNS: CloudFront reaches the healthy serve tasks', () => {
  it('publishes one multivalue A record per healthy task, named by task id', async () => {
    const w = world([task('a', '198.51.100.1'), task('b', '198.51.100.2')]);
    const r = await reconcile(w.clients, TARGET);
    assert.equal(r.healthy, 2);
    assert.deepEqual(w.ips(), ['198.51.100.1', '198.51.100.2']);
    for (const rec of w.state.records) {
      assert.equal(rec.Name, NAME);
      assert.equal(rec.MultiValueAnswer, true);
      assert.equal(rec.TTL, 30);
    }
  });

  it('sends no traffic to a task that is starting or failing its health check', async () => {
    const w = world([
      task('a', '198.51.100.1'),
      task('b', '198.51.100.2', { healthStatus: 'UNKNOWN' }),
      task('c', '198.51.100.3', { lastStatus: 'PENDING', healthStatus: 'UNKNOWN' }),
      task('d', '198.51.100.4', { healthStatus: 'UNHEALTHY' }),
    ]);
    await reconcile(w.clients, TARGET);
    assert.deepEqual(w.ips(), ['198.51.100.1']);
  });

  it('takes a task out as soon as ECS decides to stop it, while it still drains', async () => {
    const w = world([task('a', '198.51.100.1'), task('b', '198.51.100.2')]);
    await reconcile(w.clients, TARGET);
    w.state.tasks[1]!.desiredStatus = 'STOPPED'; // a rollout or scale-in: still RUNNING
    await reconcile(w.clients, TARGET);
    assert.deepEqual(w.ips(), ['198.51.100.1']);
  });

  it('follows a replaced task to its new address and leaves other names alone', async () => {
    const w = world([task('a', '198.51.100.1')]);
    await reconcile(w.clients, TARGET);
    w.state.tasks = [task('c', '203.0.113.9')]; // a crashed, c is its replacement
    await reconcile(w.clients, TARGET);
    assert.deepEqual(w.ips(), ['203.0.113.9']);
    assert.equal(w.state.records[0]?.SetIdentifier, 'c');
  });

  it('changes nothing when the records already match (every minute, for free)', async () => {
    const w = world([task('a', '198.51.100.1')]);
    await reconcile(w.clients, TARGET);
    const r = await reconcile(w.clients, TARGET);
    assert.deepEqual(r.changes, []);
    assert.equal(w.state.batches, 1);
  });

  it('removes every record when no task is healthy (CloudFront then answers 502)', async () => {
    const w = world([task('a', '198.51.100.1')]);
    await reconcile(w.clients, TARGET);
    w.state.tasks[0]!.healthStatus = 'UNHEALTHY';
    await reconcile(w.clients, TARGET);
    assert.deepEqual(w.ips(), []);
  });
});
