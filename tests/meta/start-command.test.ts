import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DATABASE_URL } from '../helpers/engine.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Runs the README's start script (engine/scripts/start.ts) and waits for it to exit. */
function start(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'engine/scripts/start.ts'], {
      cwd: ROOT,
      env: { ...process.env, STUDIO: '0', LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

const lines = (s: string) => s.split('\n').filter((l) => l.trim() && !/^npm warn/i.test(l));

describe('npm start when a service is unreachable', () => {
  it('exits non-zero with one line naming the PostgreSQL URL and how to start it', async () => {
    const url = 'postgres://caseway:secret@127.0.0.1:1/caseway';
    const { code, stderr } = await start({ DATABASE_URL: url });
    expect(code).not.toBe(0);
    expect(lines(stderr)).toHaveLength(1);
    expect(stderr).toContain('postgres://caseway:***@127.0.0.1:1/caseway');
    expect(stderr).not.toContain('secret');
    expect(stderr).toContain('docker compose up -d');
  });

  it('exits non-zero with one line naming the Redis URL and how to start it', async () => {
    const { code, stderr } = await start({
      DATABASE_URL,
      DATABASE_SCHEMA: 'start_unreachable_redis',
      REDIS_URL: 'redis://127.0.0.1:1',
    });
    expect(code).not.toBe(0);
    expect(lines(stderr)).toHaveLength(1);
    expect(stderr).toContain('redis://127.0.0.1:1');
    expect(stderr).toContain('docker compose up -d');
  });
});
