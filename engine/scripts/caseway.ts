/**
 * `caseway`, the command line (the package's bin, bin/caseway.mjs; `npm run caseway -- …`):
 *
 *   caseway validate [dir] [--plugins <dir>]
 *   caseway deploy [dir] [--note <text>] [--url <engine>] [--token <token>]
 *   caseway export [dir] [--url <engine>] [--token <token>]
 *   caseway start <process> [--var name=value]… [--url <engine>] [--token <token>]
 *   caseway migrate <process> --to <version> [--from <version>] [--map old=new]… [--dry-run]
 *                   [--url <engine>] [--token <token>]
 *
 * `validate` checks a definitions folder (default `definitions`) with the engine's own loader
 * and lint against the actions the plugins folder (default `plugins`) declares, prints each
 * problem as `file:pointer message` and exits 1 when there is one. `deploy` publishes the
 * versions of a folder a running engine lacks, with a change note, as a designer would (a
 * version it holds with another body is refused: published versions are immutable). `export` writes every
 * version a running engine has published into a folder (default `definitions`) as the engine
 * loads them, closing the loop from the studio to git. `start` starts a case and prints its id.
 * `migrate` moves the running cases of a process (those on `--from`, else on any other
 * version) to `--to` with a node mapping through the engine's bulk migration: the engine runs
 * the batch in the background (each case all or nothing, resumed after a restart) and this
 * prints its id, its progress as it grows and then each case's outcome; `--dry-run` has the
 * engine report what each would do and change nothing; exit 1 when a case did not move.
 * The engine is `--url` or CASEWAY_URL, the API token `--token` or CASEWAY_TOKEN. An engine's
 * refusal exits 1 with its code and message; usage mistakes exit 2.
 */
import {
  deployFolder,
  EngineError,
  engineClient,
  exportDefinitions,
  migrateCases,
  parseVars,
  problemLine,
  startCase,
  validateFolder,
} from '../src/cli/index.ts';

const USAGE = `usage: caseway validate [dir] [--plugins <dir>]
       caseway deploy [dir] [--note <text>] [--url <engine>] [--token <token>]
       caseway export [dir] [--url <engine>] [--token <token>]
       caseway start <process> [--var name=value]… [--url <engine>] [--token <token>]
       caseway migrate <process> --to <version> [--from <version>] [--map old=new]… [--dry-run] [--url <engine>] [--token <token>]`;

class Usage extends Error {}

/** The arguments: positional ones, and the values of the options a command takes. */
function parse(args: string[], options: readonly string[]) {
  const positional: string[] = [];
  const values: Record<string, string[]> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg.startsWith('--')) {
      const name = arg.slice(2);
      const value = args[i + 1];
      if (!options.includes(name) || value === undefined) throw new Usage(`caseway: ${arg}?`);
      (values[name] ??= []).push(value);
      i++;
    } else positional.push(arg);
  }
  return { positional, one: (name: string) => values[name]?.at(-1), all: values };
}

function engineOf(one: (name: string) => string | undefined) {
  const url = one('url') ?? process.env.CASEWAY_URL;
  const token = one('token') ?? process.env.CASEWAY_TOKEN;
  if (!url || !token)
    throw new Usage(
      'caseway: the engine (--url or CASEWAY_URL) and a token (--token or CASEWAY_TOKEN)',
    );
  return engineClient(url, token);
}

async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'validate': {
      const { positional, one } = parse(rest, ['plugins']);
      if (positional.length > 1) throw new Usage('caseway validate: one folder');
      const dir = positional[0] ?? 'definitions';
      const { problems, versions } = await validateFolder(dir, one('plugins') ?? 'plugins');
      for (const p of problems) process.stdout.write(`${problemLine(p)}\n`);
      process.stderr.write(
        problems.length
          ? `${problems.length} problem${problems.length === 1 ? '' : 's'} in ${dir}\n`
          : `${dir}: ${versions} definition versions, no problems\n`,
      );
      return problems.length ? 1 : 0;
    }
    case 'deploy': {
      const { positional, one } = parse(rest, ['url', 'token', 'note']);
      if (positional.length > 1) throw new Usage('caseway deploy: one folder');
      const dir = positional[0] ?? 'definitions';
      const r = await deployFolder(
        engineOf(one),
        dir,
        one('note') ?? `Deployed with caseway from ${dir}.`,
      );
      for (const f of r.published) process.stdout.write(`published ${f}\n`);
      for (const p of r.problems) process.stdout.write(`${p}\n`);
      process.stderr.write(
        `${r.published.length} published, ${r.unchanged.length} unchanged, ${r.problems.length} refused\n`,
      );
      return r.problems.length ? 1 : 0;
    }
    case 'export': {
      const { positional, one } = parse(rest, ['url', 'token']);
      if (positional.length > 1) throw new Usage('caseway export: one folder');
      const dir = positional[0] ?? 'definitions';
      const files = await exportDefinitions(engineOf(one), dir);
      for (const f of files) process.stdout.write(`${f}\n`);
      process.stderr.write(`${files.length} definition versions written to ${dir}\n`);
      return 0;
    }
    case 'start': {
      const { positional, one, all } = parse(rest, ['url', 'token', 'var']);
      if (positional.length !== 1) throw new Usage('caseway start: which process?');
      const started = await startCase(engineOf(one), positional[0]!, parseVars(all.var ?? []));
      process.stdout.write(`${started.id}\n`);
      process.stderr.write(
        `started ${positional[0]} v${started.processVersion}${started.businessKey ? ` (${started.businessKey})` : ''}\n`,
      );
      return 0;
    }
    case 'migrate': {
      const dryRun = rest.includes('--dry-run');
      const { positional, one, all } = parse(
        rest.filter((a) => a !== '--dry-run'),
        ['url', 'token', 'to', 'from', 'map'],
      );
      const to = Number(one('to'));
      const from = one('from') === undefined ? undefined : Number(one('from'));
      if (
        positional.length !== 1 ||
        !Number.isInteger(to) ||
        to < 1 ||
        (from !== undefined && !Number.isInteger(from))
      )
        throw new Usage('caseway migrate: which process, and --to which version?');
      const mapping: Record<string, string> = {};
      for (const pair of all.map ?? []) {
        const [old, now] = pair.split('=');
        if (!old || !now) throw new Usage(`caseway migrate: --map ${pair}: write it as old=new`);
        mapping[old] = now;
      }
      const cases = await migrateCases(engineOf(one), {
        processId: positional[0]!,
        to,
        ...(from === undefined ? {} : { from }),
        mapping,
        dryRun,
        started: (id) => process.stderr.write(`bulk migration ${id}\n`),
        progress: (done, total) => process.stderr.write(`${done}/${total}\n`),
        onCase: (c) => {
          const outcome = c.problems.length ? `${c.outcome}: ${c.problems.join('; ')}` : c.outcome;
          process.stdout.write(`${c.id} v${c.from} -> v${to} ${outcome}\n`);
        },
      });
      const moved = cases.filter((c) => c.outcome === 'moved' || c.outcome === 'would move');
      const refused = cases.filter((c) => c.outcome === 'refused').length;
      const other = cases.length - moved.length - refused;
      process.stderr.write(
        `${moved.length} ${dryRun ? 'would move' : 'moved'}, ${refused} refused${other ? `, ${other} skipped or cancelled` : ''}${dryRun ? ' (dry run: nothing changed)' : ''}\n`,
      );
      return refused || other ? 1 : 0;
    }
    default:
      throw new Usage(command ? `caseway: unknown command ${command}` : '');
  }
}

async function main(argv: string[]): Promise<number> {
  try {
    return await run(argv);
  } catch (e) {
    if (e instanceof Usage) {
      process.stderr.write(`${e.message ? `${e.message}\n` : ''}${USAGE}\n`);
      return 2;
    }
    if (e instanceof EngineError) {
      process.stderr.write(`caseway: ${e.status} ${e.code} ${e.message}\n`);
      return 1;
    }
    if (e instanceof Error && /^--var /.test(e.message)) {
      process.stderr.write(`caseway: ${e.message}\n${USAGE}\n`);
      return 2;
    }
    throw e;
  }
}

process.exitCode = await main(process.argv.slice(2));
