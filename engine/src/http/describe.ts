/**
 * The OpenAPI document without a running engine, for `npm run gen` (the studio's API types)
 * and the test that keeps them fresh: the app is built on an engine that only describes. Its
 * config is the defaults, its routes register as they do on a real engine, and nothing reaches
 * a database, a queue or the clock: a route that uses one of those while it registers (not
 * while it answers) makes this throw and name what it used.
 *
 * @example
 *   const doc = await describeApi();
 *   Object.keys(doc.paths); // ['/api/health', '/api/ready', …]
 */
import { configFromEnv } from '../config.ts';
import type { Engine } from '../engine-types.ts';
import { buildApp } from './app.ts';

/** An OpenAPI 3.1 document as `GET /openapi.json` answers it. */
export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, unknown> };
  [key: string]: unknown;
}

/** A stand-in whose every use throws, naming what was used. */
function unusable(name: string): object {
  return new Proxy(
    {},
    {
      get(_target, key) {
        if (key === 'then' || typeof key === 'symbol') return undefined;
        throw new Error(`engine.${name}.${key} was used while describing the API`);
      },
    },
  );
}

/** The engine as routes see it while they register: the listener takes subscriptions. */
function describingEngine(): Engine {
  const known: Record<string, unknown> = {
    config: configFromEnv({}),
    data: Object.assign(Object.create(unusable('data')) as object, {
      channels: { access: 'describe', task: 'describe' },
      // built while routes register; used only by requests
      playService: () => unusable('playService'),
    }),
    listener: { on: () => undefined, onLost: () => undefined },
  };
  return new Proxy(known, {
    get: (target, key) =>
      typeof key === 'symbol' || key === 'then'
        ? undefined
        : key in target
          ? target[key]
          : unusable(key),
  }) as unknown as Engine;
}

export async function describeApi(): Promise<OpenApiDocument> {
  const app = await buildApp(describingEngine(), { logger: false });
  try {
    await app.ready();
    return structuredClone(app.swagger()) as unknown as OpenApiDocument;
  } finally {
    await app.close();
  }
}
