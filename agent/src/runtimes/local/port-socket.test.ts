/**
 * The relay between a browser's socket (main thread) and its session thread: frames arrive
 * byte-exact both ways, unsent audio is accounted until the network took it, and a close at
 * either end reaches the other.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { MessageChannel } from 'node:worker_threads';
import { WebSocket, WebSocketServer } from 'ws';
import { PortSocket, relaySocket } from './port-socket.js';

interface Pair {
  browser: WebSocket;
  shard: PortSocket;
  ended: Promise<void>;
}

describe('relayed session socket', () => {
  let wss: WebSocketServer;
  let url: string;
  const pending: ((p: Pair) => void)[] = [];

  before(async () => {
    wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await once(wss, 'listening');
    url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
    wss.on('connection', (ws) => {
      const { port1, port2 } = new MessageChannel();
      let ended!: () => void;
      const endedP = new Promise<void>((ok) => (ended = ok));
      relaySocket(ws, port1, ended, () => {});
      pending.shift()?.({
        browser: undefined as unknown as WebSocket,
        shard: new PortSocket(port2),
        ended: endedP,
      });
    });
  });
  after(() => new Promise<void>((ok) => wss.close(() => ok())));

  async function connect(): Promise<Pair> {
    const server = new Promise<Pair>((ok) => pending.push(ok));
    const browser = new WebSocket(url);
    await once(browser, 'open');
    return { ...(await server), browser };
  }

  it('carries text and binary frames from the browser byte for byte', async () => {
    const { browser, shard } = await connect();
    const got: { data: Buffer; isBinary: boolean }[] = [];
    shard.on('message', (data: Buffer, isBinary: boolean) => got.push({ data, isBinary }));
    const pcm = Buffer.alloc(1024);
    for (let i = 0; i < pcm.length; i++) pcm[i] = (i * 7) & 0xff;
    browser.send(JSON.stringify({ type: 'ping', t: 1 }));
    browser.send(pcm);
    browser.send(pcm.subarray(3, 11)); // a view into a larger buffer: only its bytes cross
    while (got.length < 3) await new Promise((r) => setTimeout(r, 5));
    assert.deepEqual(JSON.parse(got[0]!.data.toString('utf8')), { type: 'ping', t: 1 });
    assert.equal(got[0]!.isBinary, false);
    assert.equal(got[1]!.isBinary, true);
    assert.deepEqual(got[1]!.data, pcm);
    assert.deepEqual(got[2]!.data, pcm.subarray(3, 11));
    browser.close();
  });

  it('delivers agent messages and audio, and counts audio as buffered until the network took it', async () => {
    const { browser, shard } = await connect();
    const got: (string | Buffer)[] = [];
    browser.on('message', (d: Buffer, isBinary: boolean) =>
      got.push(isBinary ? d : d.toString('utf8')),
    );
    const audio = new Int16Array(2400).fill(1234);
    // A view whose backing buffer is larger than the frame: only the frame's bytes are sent.
    const view = new Uint8Array(audio.buffer, 200, 4000);
    shard.send('{"type":"audio_start","segment":1,"sampleRate":24000}');
    shard.send(view, { binary: true });
    assert.equal(shard.bufferedAmount, 4000);
    while (got.length < 2) await new Promise((r) => setTimeout(r, 5));
    assert.equal(got[0], '{"type":"audio_start","segment":1,"sampleRate":24000}');
    assert.equal((got[1] as Buffer).byteLength, 4000);
    assert.deepEqual(new Uint8Array(got[1] as Buffer), view);
    while (shard.bufferedAmount > 0) await new Promise((r) => setTimeout(r, 5));
    browser.close();
  });

  it('a close from the session reaches the browser with its code and reason', async () => {
    const { browser, shard, ended } = await connect();
    const closed = once(browser, 'close');
    let shardClosed = false;
    shard.on('close', () => (shardClosed = true));
    shard.close(4408, 'idle_timeout');
    const [code, reason] = (await closed) as [number, Buffer];
    assert.equal(code, 4408);
    assert.equal(reason.toString(), 'idle_timeout');
    await ended;
    assert.equal(shardClosed, true);
    // Nothing more is sent once closed.
    shard.send('late');
    assert.equal(shard.readyState, 3);
  });

  it('a browser that goes away closes the session side and ends the relay', async () => {
    const { browser, shard, ended } = await connect();
    const shardClose = once(shard, 'close');
    browser.terminate();
    await shardClose;
    await ended;
    assert.equal(shard.readyState, 3);
  });
});
