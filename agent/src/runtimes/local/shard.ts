/**
 * Inside a session thread (see shards.ts): loads the configuration the main thread runs with,
 * then hosts each conversation it is handed as a `LocalSession` on a relayed socket. Flight
 * searches, session records, metrics and event-loop figures go to the main thread.
 */
import { initializeLogger, log } from '@livekit/agents';
import { parentPort, workerData } from 'node:worker_threads';
import { loadConfig } from '../../config.js';
import { EventLoopMonitor } from '../../observability/event-loop.js';
import { installPiiMasking } from '../../observability/pii.js';
import { installProcessGuards } from '../../server/process-guards.js';
import { forwardingWriter } from '../../state/session-store.js';
import { PortSocket } from './port-socket.js';
import { RemoteFlightSearch } from './remote-flights.js';
import { RemoteKnowledgeSearch } from './remote-knowledge.js';
import { sessionDeps } from './runtime.js';
import { LocalSession } from './session.js';
import type { FromShard, ShardData, ToShardControl } from './shards.js';

const port = parentPort!;
const data = workerData as ShardData;
const post = (m: FromShard) => port.postMessage(m);

const config = { ...loadConfig(data.env), sessionSecret: Buffer.from(data.sessionSecret) };
initializeLogger({ pretty: data.prettyLogs, level: data.logLevel });
installPiiMasking(log());
const logger = log().child({ component: 'server', shard: data.index });
installProcessGuards(logger);

// Searches run on the main thread's flight chain, shared by every thread.
const flights = data.flights ? new RemoteFlightSearch(post) : undefined;
// So do knowledge searches, on the main thread's one copy of each index.
const knowledge = data.knowledge ? new RemoteKnowledgeSearch(post) : undefined;
const deps = sessionDeps(config, logger, flights, knowledge);
const sessions = new Map<string, LocalSession>();
/** The same sessions by session id, for the operator console's actions. */
const bySessionId = new Map<string, LocalSession>();

const eventLoop = new EventLoopMonitor(10_000);
const statsTimer = setInterval(
  () => post({ type: 'stats', eventLoop: eventLoop.summary() }),
  5_000,
).unref();

port.on('message', (m: ToShardControl) => {
  if (m.type === 'open') {
    const session = new LocalSession(new PortSocket(m.port), {
      ...deps,
      origin: m.admitted.origin,
      admitted: m.admitted,
      onMetrics: (metrics) =>
        post({ type: 'metrics', sessionId: m.admitted.sessionId, metrics: plain(metrics) }),
      store: forwardingWriter((call) => post({ type: 'store', ...call })),
      onClosed: () => {
        sessions.delete(m.id);
        bySessionId.delete(m.admitted.sessionId);
        post({ type: 'closed', id: m.id });
      },
    });
    sessions.set(m.id, session);
    bySessionId.set(m.admitted.sessionId, session);
  } else if (m.type === 'operator') {
    bySessionId.get(m.sessionId)?.operator(m.action);
  } else if (m.type === 'flights_result') {
    flights?.settle(m);
  } else if (m.type === 'knowledge_result') {
    knowledge?.settle(m);
  } else if (m.type === 'shutdown') {
    void Promise.all([...sessions.values()].map((s) => s.close('server shutting down'))).then(
      () => {
        eventLoop.close();
        clearInterval(statsTimer);
        post({ type: 'drained' });
        // Let the thread end on its own once its work is done: terminating it mid-inference can
        // abort the process from a native addon (seen once with the VAD on Node 24).
        port.close();
      },
    );
  }
});

/** Metrics as plain data: only what structured cloning can carry crosses the thread boundary. */
function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

post({ type: 'ready' });
