// shared/ runs in browsers and in Node 20 alike; it may use only what both provide.
// These are declared here because shared/ is compiled without the DOM or Node type libraries.
declare const crypto: { getRandomValues<T extends ArrayBufferView>(array: T): T };
