// A weak network between a browser (or any client) and the server, for tests and `pnpm
// bench:network`: a TCP proxy whose two directions are each one shared link with a rate (a
// ThrottleGroup of `stream-throttle` paces every connection's bytes from one token bucket, as a
// phone's radio link is shared by all its connections), a one-way delay of half the round trip,
// and packet loss as TCP feels it: a lost packet arrives one round trip late, and everything after
// it on its connection waits (head-of-line). Every byte crosses it, HTTP and WebSocket alike,
// which Chromium's own network emulation does not do for WebSocket frames or a service worker's
// fetches. `cut()` drops every connection at once, as a lost signal does.
import { connect, createServer, type Server, type Socket } from 'node:net';
import { Transform, type TransformCallback } from 'node:stream';
import { ThrottleGroup } from 'stream-throttle';
import { prng } from '../../client/bench/prng.ts';

export interface LinkShape {
  readonly name: string;
  /** Towards the device, kilobits per second. */
  readonly downKbps: number;
  /** From the device, kilobits per second. */
  readonly upKbps: number;
  readonly rttMs: number;
  /** The share of packets lost (each costs its connection one more round trip). */
  readonly loss: number;
}

/** Chromium DevTools' "Slow 3G" with the loss of a weak cell. */
export const SLOW_3G: LinkShape = { name: 'slow 3G', downKbps: 400, upKbps: 400, rttMs: 400, loss: 0.01 };
export const FOUR_G: LinkShape = { name: '4G', downKbps: 20_000, upKbps: 20_000, rttMs: 60, loss: 0 };

/** One TCP segment's payload: the unit the link paces, delays and loses. */
const SEGMENT = 1_460;

/**
 * Holds each segment for the one-way delay (one round trip more when lost), in order: the
 * throttle keeps pacing meanwhile, so a round trip's worth of bytes is in flight, as on a real link.
 */
class Delay extends Transform {
  readonly #queue: { at: number; chunk: Buffer }[] = [];
  #timer: NodeJS.Timeout | null = null;
  #last = 0;
  #ending: TransformCallback | null = null;

  constructor(
    readonly oneWayMs: number,
    readonly lost: () => boolean,
    readonly retransmitMs: number,
    readonly counted: (bytes: number) => void,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    const at = Math.max(this.#last, Date.now() + this.oneWayMs + (this.lost() ? this.retransmitMs : 0));
    this.#last = at;
    this.#queue.push({ at, chunk });
    this.#schedule();
    done();
  }

  override _flush(done: TransformCallback): void {
    if (this.#queue.length === 0) done();
    else this.#ending = done;
  }

  override _destroy(error: Error | null, done: (error: Error | null) => void): void {
    if (this.#timer) clearTimeout(this.#timer);
    done(error);
  }

  #schedule(): void {
    if (this.#timer || this.#queue.length === 0) return;
    const wait = Math.max(0, (this.#queue[0]?.at ?? 0) - Date.now());
    this.#timer = setTimeout(() => {
      this.#timer = null;
      const now = Date.now();
      while (this.#queue.length > 0 && (this.#queue[0]?.at ?? 0) <= now) {
        const { chunk } = this.#queue.shift() as { chunk: Buffer };
        this.counted(chunk.byteLength);
        this.push(chunk);
      }
      if (this.#queue.length > 0) this.#schedule();
      else if (this.#ending) {
        const end = this.#ending;
        this.#ending = null;
        end();
      }
    }, wait);
  }
}

function group(kbps: number): ThrottleGroup {
  const rate = (kbps * 1000) / 8;
  const shared = new ThrottleGroup({ rate, chunksize: SEGMENT });
  // A radio link does not save up a second of unused capacity for a burst: a few segments.
  (shared.bucket as { bucketSize: number }).bucketSize = Math.max(SEGMENT * 4, rate / 50);
  return shared;
}

export class ShapedLink {
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  readonly #down: ThrottleGroup;
  readonly #up: ThrottleGroup;
  readonly #random: () => number;
  /** Bytes delivered so far, each way. */
  readonly bytes = { down: 0, up: 0 };
  /** Connections opened through the link. */
  connections = 0;
  port = 0;

  constructor(
    readonly targetPort: number,
    readonly shape: LinkShape,
    seed = 19,
  ) {
    this.#down = group(shape.downKbps);
    this.#up = group(shape.upKbps);
    // The same losses for the same seed.
    this.#random = prng(seed);
    this.#server = createServer((client) => this.#bridge(client));
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    const address = this.#server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
    return this;
  }

  /** Drops every open connection, as a lost signal does; new ones may follow. */
  cut(): void {
    for (const socket of this.#sockets) socket.destroy();
  }

  async stop(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #bridge(client: Socket): void {
    this.connections += 1;
    const server = connect(this.targetPort, '127.0.0.1');
    const { rttMs, loss } = this.shape;
    const lost = () => loss > 0 && this.#random() < loss;
    const up = new Delay(rttMs / 2, lost, rttMs, (n) => {
      this.bytes.up += n;
    });
    const down = new Delay(rttMs / 2, lost, rttMs, (n) => {
      this.bytes.down += n;
    });
    const upThrottle = this.#up.throttle();
    const downThrottle = this.#down.throttle();
    const parts = [client, server, up, down, upThrottle, downThrottle];
    for (const socket of [client, server]) {
      socket.setNoDelay(true);
      this.#sockets.add(socket);
    }
    let closed = false;
    // A drop or the device going away ends everything; the server closing first still lets the
    // bytes on their way arrive, then ends the device's side (the pipes carry the end).
    const close = (): void => {
      if (closed) return;
      closed = true;
      this.#sockets.delete(client);
      this.#sockets.delete(server);
      for (const part of parts) part.destroy();
    };
    for (const part of parts) part.on('error', close);
    client.on('close', close);
    server.on('close', () => this.#sockets.delete(server));
    client.pipe(upThrottle).pipe(up).pipe(server);
    server.pipe(downThrottle).pipe(down).pipe(client);
  }
}
