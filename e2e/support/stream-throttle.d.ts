// stream-throttle 0.1.3 ships no types: the part shaped-link.ts uses.
declare module 'stream-throttle' {
  import type { Transform } from 'node:stream';
  export class ThrottleGroup {
    constructor(options: { rate: number; chunksize?: number });
    readonly bucket: unknown;
    throttle(): Transform;
  }
}
