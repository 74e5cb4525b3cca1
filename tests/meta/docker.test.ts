/**
 * The images and the compose file, checked by reading them (no Docker here): the compose file
 * parses and builds each image from a Dockerfile that exists; each Dockerfile copies only
 * paths the repository has (and the build context keeps), runs npm scripts that exist, starts
 * a file the build writes, runs as a user other than root and has a health check.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const read = (f: string) => readFileSync(join(ROOT, f), 'utf8');

interface Service {
  build?: { context: string; dockerfile: string };
  image?: string;
  depends_on?: Record<string, { condition: string }>;
  volumes?: string[];
  environment?: Record<string, string>;
}
const compose = parse(read('docker-compose.yml')) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
const ignored = read('.dockerignore')
  .split('\n')
  .filter((l) => l.trim() && !l.startsWith('#'));

/** The instructions of a Dockerfile, continuation lines joined. */
const instructions = (file: string) =>
  read(file)
    .replace(/\\\n/g, ' ')
    .split('\n')
    .filter((l) => l.trim() && !l.trimStart().startsWith('#'))
    .map((l) => l.trim());

describe('docker-compose.yml', () => {
  it('builds the engine and the studio from their Dockerfiles and starts them in order', () => {
    const { engine, studio, postgres, redis } = compose.services;
    expect(engine?.build).toEqual({ context: '.', dockerfile: 'engine/Dockerfile' });
    expect(studio?.build).toEqual({ context: '.', dockerfile: 'studio/Dockerfile' });
    expect(postgres && redis).toBeTruthy();
    expect(engine?.depends_on).toEqual({
      postgres: { condition: 'service_healthy' },
      redis: { condition: 'service_healthy' },
    });
    expect(studio?.depends_on).toEqual({ engine: { condition: 'service_healthy' } });
    expect(studio?.environment?.ENGINE_URL).toBe('http://engine:3000');
    for (const v of Object.values(compose.services).flatMap((s) => s.volumes ?? []))
      expect(Object.keys(compose.volumes)).toContain(v.split(':')[0]);
  });
});

describe.each(['engine/Dockerfile', 'studio/Dockerfile'])('%s', (file) => {
  const lines = instructions(file);
  const final = lines.slice(lines.findLastIndex((l) => l.startsWith('FROM ')));

  it('copies only what the repository has and the build context keeps', () => {
    const sources = lines
      .filter((l) => l.startsWith('COPY ') && !l.includes('--from='))
      .map((l) => l.split(/\s+/).filter((w) => !w.startsWith('--')))
      .flatMap((words) => words.slice(1, -1));
    expect(sources.length).toBeGreaterThan(0);
    for (const s of sources) {
      expect(existsSync(join(ROOT, s)), s).toBe(true);
      expect(ignored, s).not.toContain(s);
    }
  });

  it('runs npm scripts that exist', () => {
    const run = lines.join('\n').matchAll(/npm run ([\w:-]+)(?: -w (\w+))?/g);
    for (const [, name, ws] of run) {
      const own = ws
        ? (JSON.parse(read(`${ws}/package.json`)) as { scripts: Record<string, string> }).scripts
        : scripts;
      expect(own, `npm run ${name}`).toHaveProperty(name!);
    }
  });

  it('runs its built server as a user other than root, with a health check', () => {
    expect(final.find((l) => l.startsWith('USER '))).toMatch(/^USER (?!root\b)\w+/);
    expect(final.find((l) => l.startsWith('HEALTHCHECK '))).toMatch(
      /fetch\('http:\/\/127\.0\.0\.1/,
    );
    const cmd = JSON.parse(final.find((l) => l.startsWith('CMD '))!.slice(4)) as string[];
    expect(cmd[0]).toBe('node');
    const started = cmd[1]!;
    if (started.startsWith('dist/')) {
      // a file the engine build compiles: its TypeScript source is in tsconfig.build.json
      const source = started.slice('dist/'.length).replace(/\.js$/, '.ts');
      expect(existsSync(join(ROOT, source)), source).toBe(true);
      expect(read('tsconfig.build.json')).toContain(source);
    } else {
      expect(started).toBe('studio/build'); // adapter-node's output
      expect(read('studio/svelte.config.js')).toContain('@sveltejs/adapter-node');
    }
  });
});
