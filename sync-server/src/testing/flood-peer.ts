import { parentPort, Worker, workerData } from 'node:worker_threads';
import { decodeMessage } from '@thongsuot/shared';
import WebSocket from 'ws';
import { plainFrame } from './plain-frame.ts';

/** What a flooding connection sends: `ticks[i]` goes out at `i * tickMs`, without waiting for answers. */
export interface FloodPlan {
  readonly url: string;
  readonly cookie: string;
  readonly ticks: readonly (readonly Uint8Array[])[];
  readonly tickMs: number;
}

/** What the flooding connection got back: frames by type (errors by code), and how it ended. */
export interface FloodReport {
  readonly sent: number;
  readonly received: Record<string, number>;
  readonly closeCode: number | null;
}

const BOOT_URL = new URL('../engine/engine-worker-boot.mjs', import.meta.url);

/**
 * A hostile connection on a thread of its own, so that building and reading its frames does
 * not load the relay's event loop (the relay under test runs on the test's main thread).
 */
export class FloodPeer {
  readonly #worker: Worker;
  readonly #opened: Promise<void>;
  readonly #sent: Promise<void>;
  readonly #report: Promise<FloodReport>;

  constructor(plan: FloodPlan) {
    this.#worker = new Worker(BOOT_URL, { workerData: { entry: import.meta.url, plan } });
    const waiting = new Map<string, { resolve: (value: never) => void; reject: (error: Error) => void }>();
    const waitFor = <T>(kind: string) =>
      new Promise<T>((resolve, reject) => waiting.set(kind, { resolve: resolve as never, reject }));
    this.#opened = waitFor('open');
    this.#sent = waitFor('sent');
    this.#report = waitFor('report');
    this.#worker.on('message', (m: { kind: string; report?: FloodReport }) =>
      waiting.get(m.kind)?.resolve(m.report as never),
    );
    this.#worker.on('error', (error) => {
      for (const w of waiting.values()) w.reject(error);
    });
  }

  /** Resolves once the socket is open; the flood starts then. */
  opened(): Promise<void> {
    return this.#opened;
  }

  /** Resolves once every frame of the plan is sent. */
  sent(): Promise<void> {
    return this.#sent;
  }

  /** Closes the socket and reports what came back. */
  async close(): Promise<FloodReport> {
    this.#worker.postMessage('close');
    const report = await this.#report;
    await this.#worker.terminate();
    return report;
  }
}

function flood(plan: FloodPlan, port: NonNullable<typeof parentPort>): void {
  const received: Record<string, number> = {};
  let sent = 0;
  let closeCode: number | null = null;
  const socket = new WebSocket(plan.url, { headers: { cookie: plan.cookie } });
  socket.on('message', (data: Buffer) => {
    const message = decodeMessage(plainFrame(new Uint8Array(data)));
    const key = message.type === 'error' ? `error:${message.code}` : message.type;
    received[key] = (received[key] ?? 0) + 1;
  });
  const closed = new Promise<void>((resolve) =>
    socket.on('close', (code) => {
      closeCode = code;
      resolve();
    }),
  );
  socket.once('open', async () => {
    port.postMessage({ kind: 'open' });
    const start = performance.now();
    for (const [i, tick] of plan.ticks.entries()) {
      const wait = start + i * plan.tickMs - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      for (const frame of tick) {
        if (socket.readyState !== socket.OPEN) break;
        socket.send(frame);
        sent++;
      }
    }
    port.postMessage({ kind: 'sent' });
  });
  port.on('message', async () => {
    if (socket.readyState === socket.OPEN || socket.readyState === socket.CONNECTING) {
      socket.close();
      await closed;
    }
    port.postMessage({ kind: 'report', report: { sent, received, closeCode } satisfies FloodReport });
  });
}

if (parentPort && workerData?.plan) flood(workerData.plan as FloodPlan, parentPort);
