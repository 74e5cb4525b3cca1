/**
 * A TCP relay in front of a server (the shared PostgreSQL or Redis), so a test can take the
 * server away from one engine and give it back while every other test keeps using it: `cut()`
 * ends every relayed connection and closes the port (a new connection is refused, as from a
 * stopped server); `mend()` listens on the same port again.
 *
 * @example
 *   const relay = await startRelay(REDIS_URL);
 *   startTestEngine({ definitions: {}, redisUrl: relay.url });
 *   await relay.cut(); // the engine's Redis is gone
 */
import { connect, createServer, type Socket } from 'node:net';

export interface Relay {
  /** `target` with the relay's address in place of the server's. */
  readonly url: string;
  cut(): Promise<void>;
  mend(): Promise<void>;
}

export async function startRelay(target: string): Promise<Relay> {
  const to = new URL(target);
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(Number(to.port), to.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve((server.address() as { port: number }).port);
      });
    });
  const port = await listen(0);
  const url = new URL(target);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return {
    url: url.toString(),
    async cut() {
      if (!server.listening) return;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await closed;
    },
    async mend() {
      if (!server.listening) await listen(port);
    },
  };
}
