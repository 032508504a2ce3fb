// A TCP reverse proxy in front of several relay nodes, as a deployment puts one (HAProxy, nginx
// stream): each new connection goes to the first node in the list that accepts it; nothing is
// sticky. A node that dies takes its connections with it, and the devices' next connections go
// to the next node (docs/scale-out.md).
import { connect, createServer, type Server, type Socket } from 'node:net';

export class FailoverProxy {
  readonly #server: Server;
  readonly #upstreams: readonly number[];
  readonly #open = new Set<Socket>();
  /** The upstream port of each connection made, in order. */
  readonly routed: number[] = [];
  port = 0;

  constructor(upstreams: readonly number[]) {
    this.#upstreams = upstreams;
    this.#server = createServer((client) => this.#route(client, 0));
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    const address = this.#server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  #route(client: Socket, index: number): void {
    const port = this.#upstreams[index];
    if (port === undefined) {
      client.destroy();
      return;
    }
    client.pause();
    const upstream = connect(port, '127.0.0.1');
    // Refused: the node is down. Try the next one.
    const refused = () => this.#route(client, index + 1);
    upstream.once('error', refused);
    upstream.once('connect', () => {
      upstream.off('error', refused);
      this.routed.push(port);
      this.#open.add(client);
      this.#open.add(upstream);
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
      const close = () => {
        client.destroy();
        upstream.destroy();
        this.#open.delete(client);
        this.#open.delete(upstream);
      };
      client.once('close', close);
      upstream.once('close', close);
      client.on('error', close);
      upstream.on('error', close);
    });
  }

  async stop(): Promise<void> {
    for (const socket of this.#open) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
