import AjvCompiler from '@fastify/ajv-compiler';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import type { FastifyServerOptions } from 'fastify';

type Factories = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;
type Validate = ((data: unknown) => unknown) & { errors?: unknown };

/**
 * Fastify's own compilers (Ajv for requests, fast-json-stringify for responses), each route's
 * schema compiled the first time the route is used instead of when the server starts.
 *
 * Compiling every route's schemas was 40% of a relay's start (about 380 ms of CPU of 950 ms on
 * these machines, CPU-profiled): a node restarted after a crash, or by a deploy, answered that
 * much later, and every test server paid it. A schema that does not compile now fails on its
 * route's first request; `compileAll` compiles them all at once, for the test that says they do.
 */
export class LazySchemas {
  readonly #pending = new Set<() => void>();
  readonly #validators = AjvCompiler();
  readonly #serializers = SerializerSelector();

  readonly factories: Factories = {
    buildValidator: ((external: unknown, options: unknown) => {
      const compile = this.#validators(external as never, options as never);
      return (route: unknown) => {
        const force = this.#lazy(() => compile(route as never) as unknown as Validate);
        // Fastify reads `errors` off the function it called, after a `false`.
        const validate: Validate = (data) => {
          const fn = force();
          const result = fn(data);
          validate.errors = fn.errors;
          return result;
        };
        return validate;
      };
    }) as never,
    buildSerializer: (external: unknown, options: unknown) => {
      const compile = this.#serializers(external, options as never);
      return (route: unknown) => {
        const force = this.#lazy(() => compile(route as never));
        return (data: unknown) => force()(data);
      };
    },
  };

  /** `compile` run once, on the first call of what it returns (or by `compileAll`). */
  #lazy<F>(compile: () => F): () => F {
    let compiled: F | null = null;
    const force = (): F => {
      if (compiled === null) {
        compiled = compile();
        this.#pending.delete(force);
      }
      return compiled;
    };
    this.#pending.add(force);
    return force;
  }

  /** Compiles every schema not compiled yet; throws what a route's first request would have. */
  compileAll(): number {
    const left = [...this.#pending];
    for (const force of left) force();
    return left.length;
  }
}
