// @ts-check
/**
 * Keeps CloudFront's origin name pointing at the `serve` tasks' public IPs.
 *
 * Fargate tasks without a load balancer get a new public IP each time they start, so the
 * distribution's origin is a Route 53 name (`origin.<zone>`) with one multivalue-answer A record
 * per healthy task (SetIdentifier = task id). This function runs on every ECS task state change
 * of the cluster and once a minute, and each time rewrites the records from what ECS says now
 * (idempotent, so a lost or reordered event is repaired by the next run):
 *   - a task gets a record once it is RUNNING, HEALTHY (its /healthz check passed) and still
 *     wanted (desiredStatus RUNNING);
 *   - a task loses its record as soon as ECS decides to stop it (desiredStatus STOPPED), while it
 *     still drains, so new sessions go elsewhere.
 *
 * Plain ESM on the Lambda Node runtime, whose AWS SDK v3 it uses: nothing to bundle, and the
 * test injects fake clients.
 */

/**
 * @typedef {{
 *   listTasks(i: { cluster: string; serviceName: string; desiredStatus: 'RUNNING'; nextToken?: string }): Promise<{ taskArns?: string[]; nextToken?: string }>;
 *   describeTasks(i: { cluster: string; tasks: string[] }): Promise<{ tasks?: Task[] }>;
 * }} Ecs
 * @typedef {{
 *   taskArn?: string; lastStatus?: string; desiredStatus?: string; healthStatus?: string;
 *   attachments?: { type?: string; details?: { name?: string; value?: string }[] }[];
 * }} Task
 * @typedef {{
 *   describeNetworkInterfaces(i: { NetworkInterfaceIds: string[] }): Promise<{ NetworkInterfaces?: { NetworkInterfaceId?: string; Association?: { PublicIp?: string } }[] }>;
 * }} Ec2
 * @typedef {{ Name?: string; Type?: string; SetIdentifier?: string; MultiValueAnswer?: boolean; TTL?: number; ResourceRecords?: { Value: string }[] }} RecordSet
 * @typedef {{
 *   listResourceRecordSets(i: { HostedZoneId: string; StartRecordName: string; StartRecordType: 'A'; StartRecordIdentifier?: string }): Promise<{ ResourceRecordSets?: RecordSet[]; IsTruncated?: boolean; NextRecordName?: string; NextRecordType?: string; NextRecordIdentifier?: string }>;
 *   changeResourceRecordSets(i: { HostedZoneId: string; ChangeBatch: { Comment: string; Changes: { Action: 'UPSERT' | 'DELETE'; ResourceRecordSet: RecordSet }[] } }): Promise<unknown>;
 * }} Route53
 * @typedef {{ cluster: string; service: string; zoneId: string; recordName: string; ttl: number }} Target
 */

/** Healthy, wanted tasks of the service and their public IPs, by task id. */
async function wantedRecords(
  /** @type {Ecs} */ ecs,
  /** @type {Ec2} */ ec2,
  /** @type {Target} */ t,
) {
  /** @type {string[]} */
  const arns = [];
  let nextToken;
  do {
    const page = await ecs.listTasks({
      cluster: t.cluster,
      serviceName: t.service,
      desiredStatus: 'RUNNING',
      nextToken,
    });
    arns.push(...(page.taskArns ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  /** @type {Map<string, string>} eni id -> task id */
  const eniToTask = new Map();
  for (let i = 0; i < arns.length; i += 100) {
    const { tasks = [] } = await ecs.describeTasks({
      cluster: t.cluster,
      tasks: arns.slice(i, i + 100),
    });
    for (const task of tasks) {
      if (task.lastStatus !== 'RUNNING' || task.desiredStatus !== 'RUNNING') continue;
      if (task.healthStatus !== 'HEALTHY') continue;
      const eni = task.attachments
        ?.find((a) => a.type === 'ElasticNetworkInterface')
        ?.details?.find((d) => d.name === 'networkInterfaceId')?.value;
      const id = task.taskArn?.split('/').pop();
      if (eni && id) eniToTask.set(eni, id);
    }
  }
  /** @type {Map<string, string>} task id -> public IP */
  const wanted = new Map();
  if (eniToTask.size === 0) return wanted;
  const { NetworkInterfaces = [] } = await ec2.describeNetworkInterfaces({
    NetworkInterfaceIds: [...eniToTask.keys()],
  });
  for (const ni of NetworkInterfaces) {
    const id = ni.NetworkInterfaceId && eniToTask.get(ni.NetworkInterfaceId);
    if (id && ni.Association?.PublicIp) wanted.set(id, ni.Association.PublicIp);
  }
  return wanted;
}

/** The origin name's per-task A records as Route 53 has them now. */
async function currentRecords(/** @type {Route53} */ r53, /** @type {Target} */ t) {
  const name = t.recordName.endsWith('.') ? t.recordName : `${t.recordName}.`;
  /** @type {RecordSet[]} */
  const out = [];
  /** @type {{ StartRecordName: string; StartRecordType: 'A'; StartRecordIdentifier?: string }} */
  let start = { StartRecordName: name, StartRecordType: 'A' };
  for (;;) {
    const page = await r53.listResourceRecordSets({ HostedZoneId: t.zoneId, ...start });
    const sets = page.ResourceRecordSets ?? [];
    out.push(...sets.filter((r) => r.Name === name && r.Type === 'A' && r.SetIdentifier));
    if (!page.IsTruncated || page.NextRecordName !== name || page.NextRecordType !== 'A') break;
    start = {
      StartRecordName: name,
      StartRecordType: 'A',
      StartRecordIdentifier: page.NextRecordIdentifier,
    };
  }
  return out;
}

/**
 * Make the origin name's records match the healthy tasks. Returns the changes it made.
 * @param {{ ecs: Ecs; ec2: Ec2; route53: Route53 }} clients
 * @param {Target} t
 */
export async function reconcile(clients, t) {
  const name = t.recordName.endsWith('.') ? t.recordName : `${t.recordName}.`;
  const [wanted, current] = await Promise.all([
    wantedRecords(clients.ecs, clients.ec2, t),
    currentRecords(clients.route53, t),
  ]);
  /** @type {{ Action: 'UPSERT' | 'DELETE'; ResourceRecordSet: RecordSet }[]} */
  const changes = [];
  for (const rec of current) {
    // Only records this function writes (SetIdentifier = a task id) are ever removed.
    if (!rec.SetIdentifier || wanted.has(rec.SetIdentifier)) continue;
    changes.push({ Action: 'DELETE', ResourceRecordSet: rec });
  }
  for (const [id, ip] of wanted) {
    const rec = current.find((r) => r.SetIdentifier === id);
    if (rec?.ResourceRecords?.[0]?.Value === ip && rec.TTL === t.ttl) continue;
    changes.push({
      Action: 'UPSERT',
      ResourceRecordSet: {
        Name: name,
        Type: 'A',
        SetIdentifier: id,
        MultiValueAnswer: true,
        TTL: t.ttl,
        ResourceRecords: [{ Value: ip }],
      },
    });
  }
  if (changes.length > 0) {
    await clients.route53.changeResourceRecordSets({
      HostedZoneId: t.zoneId,
      ChangeBatch: { Comment: `polyglot origin: ${wanted.size} healthy task(s)`, Changes: changes },
    });
  }
  return { healthy: wanted.size, changes };
}

/** The Lambda runtime's SDK clients (loaded lazily: the tests never import them). */
async function awsClients() {
  // The SDK ships with the Lambda runtime and is not installed here: the names go through a
  // variable so the type checker does not look for them.
  /** @type {(name: string) => Promise<any>} */
  const load = (name) => import(name);
  const [
    { ECSClient, ListTasksCommand, DescribeTasksCommand },
    { EC2Client, DescribeNetworkInterfacesCommand },
    r53,
  ] = await Promise.all([
    load('@aws-sdk/client-ecs'),
    load('@aws-sdk/client-ec2'),
    load('@aws-sdk/client-route-53'),
  ]);
  const ecsClient = new ECSClient({});
  const ec2Client = new EC2Client({});
  const r53Client = new r53.Route53Client({});
  return {
    /** @type {Ecs} */
    ecs: {
      listTasks: (i) => ecsClient.send(new ListTasksCommand(i)),
      describeTasks: (i) => ecsClient.send(new DescribeTasksCommand(i)),
    },
    /** @type {Ec2} */
    ec2: {
      describeNetworkInterfaces: (i) => ec2Client.send(new DescribeNetworkInterfacesCommand(i)),
    },
    /** @type {Route53} */
    route53: {
      listResourceRecordSets: (i) => r53Client.send(new r53.ListResourceRecordSetsCommand(i)),
      changeResourceRecordSets: (i) => r53Client.send(new r53.ChangeResourceRecordSetsCommand(i)),
    },
  };
}

/** @type {Awaited<ReturnType<typeof awsClients>> | undefined} */
let clients;

/** Lambda entry point: the event (a task state change, or the schedule) only triggers a run. */
export async function handler() {
  clients ??= await awsClients();
  const env = process.env;
  const result = await reconcile(clients, {
    cluster: env.CLUSTER ?? '',
    service: env.SERVICE ?? '',
    zoneId: env.ZONE_ID ?? '',
    recordName: env.RECORD_NAME ?? '',
    ttl: Number(env.TTL ?? 30),
  });
  console.log(
    JSON.stringify({
      msg: 'origin records reconciled',
      healthy: result.healthy,
      changes: result.changes.length,
    }),
  );
  return result;
}
