/**
 * Fastify's own schema compilers (@fastify/ajv-compiler for requests, fast-json-stringify for
 * responses), shared by every app this process builds: a route schema is compiled once per
 * process, not once per app. Building the app compiles some 300 request and response schemas
 * (about a second of CPU); a production engine builds one app, but the tests start ~150
 * engines and a test worker builds many.
 *
 * What a compiled function does depends only on its schema, the shared schemas it may `$ref`
 * (the app's `addSchema` set) and the compiler options, so those are the cache key; both kinds
 * of function are pure (an ajv validator keeps the last errors on itself, read synchronously
 * right after the call, as when one app's requests share it). Fastify treats a supplied
 * validator factory as custom and then leaves header schemas' property names as written:
 * ours are lower case already (`idempotency-key`), which is what it would make them.
 */
import { AjvCompiler } from '@fastify/ajv-compiler';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import type { FastifyServerOptions } from 'fastify';

type CompilersFactory = NonNullable<
  NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']
>;

/** What Fastify hands a compiler for one part of one route. */
interface RoutePart {
  schema?: unknown;
  httpPart?: string;
  contentType?: string;
}

/** A compiler that compiles each distinct route part once (per prefix: schemas and options). */
function memo<F>(
  compiled: Map<string, F>,
  prefix: string,
  compile: (route: RoutePart) => F,
): (route: RoutePart) => F {
  return (route) => {
    const key = `${prefix}\0${JSON.stringify([route.httpPart, route.contentType, route.schema])}`;
    let f = compiled.get(key);
    if (!f) {
      f = compile(route);
      compiled.set(key, f);
    }
    return f;
  };
}

const ajvPool = AjvCompiler();
const validators = new Map<string, unknown>();
const buildValidator = (
  externalSchemas: Parameters<typeof ajvPool>[0],
  options: Parameters<typeof ajvPool>[1],
) =>
  memo(
    validators,
    JSON.stringify([externalSchemas, options]),
    ajvPool(externalSchemas, options) as (route: RoutePart) => unknown,
  );

const serializerSelector = SerializerSelector();
const serializers = new Map<string, unknown>();
const buildSerializer = (
  externalSchemas: Parameters<typeof serializerSelector>[0],
  options: Parameters<typeof serializerSelector>[1],
) =>
  memo(
    serializers,
    JSON.stringify([externalSchemas, options]),
    serializerSelector(externalSchemas, options) as (route: RoutePart) => unknown,
  );

/** The `schemaController` option of every app: Fastify's default compilers, shared. */
export const sharedCompilers: NonNullable<FastifyServerOptions['schemaController']> = {
  // the factories return Fastify's own compilers (typed loosely above by the route part read)
  compilersFactory: { buildValidator, buildSerializer } as CompilersFactory,
};
