/**
 * `npm start`: checks that PostgreSQL and Redis answer, starts the engine with the shipped
 * definitions and then the studio. Exits with one line naming the URL it tried when a
 * service is unreachable. Without users in the database it creates an administrator and
 * prints its API token once (or uses CASEWAY_ADMIN_TOKEN).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import closeWithGrace from 'close-with-grace';
import pg from 'pg';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import {
  configFromEnv,
  createEngine,
  ensureUser,
  identity,
  newDataKey,
  newToken,
  studioProxyTrust,
} from '../src/index.ts';

const { bootstrapAdminPassword } = identity;

const config = configFromEnv();
const KEY_FILE = '.caseway/data-keys';

/**
 * Without CASEWAY_DATA_KEYS (a development machine) the personal-data key lives in
 * .caseway/data-keys, created once: losing it loses every encrypted field.
 */
async function dataKeys(): Promise<string> {
  if (config.dataKeys) return config.dataKeys;
  const existing = await readFile(KEY_FILE, 'utf8').catch(() => undefined);
  if (existing?.trim()) return existing.trim();
  await mkdir('.caseway', { recursive: true });
  await writeFile(KEY_FILE, `${newDataKey()}\n`, { mode: 0o600 });
  await chmod(KEY_FILE, 0o600);
  console.log(
    `caseway: created the personal-data key in ${KEY_FILE} (keep it: encrypted fields cannot be read without it; set CASEWAY_DATA_KEYS in production)`,
  );
  return (await readFile(KEY_FILE, 'utf8')).trim();
}
const safe = (url: string) => url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');

async function reachable(): Promise<void> {
  const client = new pg.Client({
    connectionString: config.databaseUrl,
    connectionTimeoutMillis: 3000,
  });
  try {
    await client.connect();
    await client.end();
  } catch (e) {
    fail(
      `cannot reach PostgreSQL at ${safe(config.databaseUrl)} (${(e as Error).message}); start it with \`docker compose up -d postgres redis\` or set DATABASE_URL`,
    );
  }
  const redis = new Redis(config.redisUrl, {
    lazyConnect: true,
    connectTimeout: 3000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  // With retries off ioredis rejects with "Connection is closed."; the cause comes as an event.
  let cause: Error | undefined;
  redis.on('error', (e: Error) => (cause = e));
  try {
    await redis.connect();
    await redis.ping();
    redis.disconnect();
  } catch (e) {
    fail(
      `cannot reach Redis at ${safe(config.redisUrl)} (${(cause ?? (e as Error)).message}); start it with \`docker compose up -d postgres redis\` or set REDIS_URL`,
    );
  }
}

function fail(line: string): never {
  console.error(`caseway: ${line}`);
  process.exit(1);
}

await reachable();
const studioOn = process.env.STUDIO !== '0';
// the studio started below proxies the browsers' calls: its forwarded addresses, and no one
// else's, count for rate limits (a secret made for this start, docs/security.md)
const proxyTrust = studioProxyTrust(config, studioOn, randomBytes(32).toString('base64url'));
const engine = await createEngine({ ...config, ...proxyTrust, dataKeys: await dataKeys() });
let token = config.adminToken;
const users = await engine.db.query<{ n: number }>('SELECT count(*)::int AS n FROM users');
if (!users.rows[0]?.n) {
  token = newToken();
  await ensureUser(
    engine.db,
    { id: 'admin', displayName: 'Administrator', roles: ['admin'] },
    token,
  );
  // and a password, so the studio can be signed in to at once (shown once, never stored in clear)
  const password = randomBytes(12).toString('base64url');
  await bootstrapAdminPassword(engine.db, password, new Date());
  console.log(`caseway: created user "admin"; its API token (shown once): ${token}`);
  console.log(
    `caseway: studio sign-in (shown once): admin / ${password}; change it with POST /api/auth/password`,
  );
}
const url = await engine.listen();
const problems = engine.registry.problems.length;
console.log(
  `caseway: engine listening on ${url} (API docs ${url}/docs); ${engine.registry.list().length} definitions loaded, ${problems} problem(s)`,
);

let studio: ChildProcess | undefined;
if (studioOn) {
  const studioPort = process.env.STUDIO_PORT ?? '5173';
  const env = {
    ...process.env,
    ENGINE_URL: url,
    ...(token ? { ENGINE_TOKEN: token } : {}),
    ...(proxyTrust.proxySecret ? { ENGINE_PROXY_SECRET: proxyTrust.proxySecret } : {}),
  };
  // the built engine (`npm run build`: dist/engine/scripts/start.js) starts the built studio;
  // from the sources, the studio's development server
  const built = fileURLToPath(new URL('../../../studio/build/index.js', import.meta.url));
  if (import.meta.url.endsWith('.js') && !existsSync(built))
    fail(`no built studio at ${built}: run \`npm run build\`, or start with STUDIO=0`);
  studio = import.meta.url.endsWith('.js')
    ? spawn(process.execPath, [built], {
        stdio: 'inherit',
        env: {
          HOST: 'localhost',
          ORIGIN: `http://localhost:${studioPort}`,
          ...env,
          PORT: studioPort,
        },
      })
    : spawn('npm', ['run', 'dev', '-w', 'studio', '--', '--port', studioPort, '--strictPort'], {
        stdio: 'inherit',
        env,
      });
  console.log(`caseway: studio starting on http://localhost:${studioPort}`);
}

closeWithGrace({ delay: 10_000 }, async ({ err }) => {
  if (err) engine.logger.error({ err }, 'shutting down after an error');
  studio?.kill('SIGTERM');
  await engine.close();
});
