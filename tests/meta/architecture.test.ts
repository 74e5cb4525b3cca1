/**
 * The engine's folder map holds (docs/architecture.md, STYLE.md): folders depend in one
 * direction (no import cycle between folders of engine/src), each folder is entered only
 * through its index.ts, an index.ts exports only what other folders (or tests, scripts, the
 * studio, plugins) use, and the database is reached only through store/: nothing else imports
 * `pg` or writes SQL.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SRC = join(ROOT, 'engine/src');

function filesUnder(dir: string, keep: (f: string) => boolean): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules' && e.name !== '.svelte-kit') out.push(...filesUnder(p, keep));
    } else if (keep(p)) out.push(p);
  }
  return out;
}

const isSource = (f: string) => /\.ts$/.test(f) && !/\.test\.ts$/.test(f) && !/\.d\.ts$/.test(f);
const engineFiles = filesUnder(SRC, isSource);

/** The folder of a file under engine/src; a file at the top is its own node. */
const folderOf = (file: string) => relative(SRC, file).split(sep)[0]!;

/** Relative imports, re-exports and dynamic imports of a file, resolved to paths. */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return info.importedFiles
    .map((i) => i.fileName)
    .filter((s) => s.startsWith('.'))
    .map((s) => resolve(dirname(file), s));
}

interface Edge {
  from: string;
  to: string;
}

const edges: Edge[] = engineFiles.flatMap((from) => importsOf(from).map((to) => ({ from, to })));
const crossing = edges.filter((e) => folderOf(e.from) !== folderOf(e.to));

/** The strongly connected folders with more than one member (Tarjan). */
function cycles(graph: Map<string, Set<string>>): string[][] {
  let index = 0;
  const stack: string[] = [];
  const on = new Set<string>();
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) out.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return out;
}

const rel = (f: string) => relative(ROOT, f);

describe('the folders of engine/src', () => {
  test('depend in one direction: no import cycle between folders', () => {
    const graph = new Map<string, Set<string>>();
    for (const e of crossing) {
      const a = folderOf(e.from);
      if (!graph.has(a)) graph.set(a, new Set());
      graph.get(a)!.add(folderOf(e.to));
    }
    const found = cycles(graph).map((scc) => ({
      folders: scc,
      // the imports that tie them, to say where to cut
      imports: crossing
        .filter((e) => scc.includes(folderOf(e.from)) && scc.includes(folderOf(e.to)))
        .map((e) => `${rel(e.from)} -> ${rel(e.to)}`),
    }));
    expect(found).toEqual([]);
  });

  test("are entered only through their index.ts: no import of another folder's internals", () => {
    const internal = crossing
      .filter((e) => relative(SRC, e.to).includes(sep) && !e.to.endsWith(`${sep}index.ts`))
      .map((e) => `${rel(e.from)} -> ${rel(e.to)}`);
    expect(internal).toEqual([]);
  });
});

/** Where the engine's folders are used from besides each other. */
const CONSUMERS = ['engine', 'tests', 'plugins', 'studio/src'].flatMap((d) =>
  filesUnder(join(ROOT, d), (f) => /\.(ts|svelte)$/.test(f) && !/\.d\.ts$/.test(f)),
);

/** The names an index.ts exports (`export { a, type B } from`, `export function c`, …). */
function exportedNames(index: string): string[] {
  const sf = ts.createSourceFile(index, readFileSync(index, 'utf8'), ts.ScriptTarget.Latest);
  const names: string[] = [];
  for (const s of sf.statements) {
    if (ts.isExportDeclaration(s) && s.exportClause && ts.isNamedExports(s.exportClause))
      names.push(...s.exportClause.elements.map((e) => e.name.text));
    else if (
      (ts.isFunctionDeclaration(s) ||
        ts.isClassDeclaration(s) ||
        ts.isInterfaceDeclaration(s) ||
        ts.isTypeAliasDeclaration(s)) &&
      s.name &&
      s.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
    )
      names.push(s.name.text);
    else if (
      ts.isVariableStatement(s) &&
      s.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
    )
      for (const d of s.declarationList.declarations)
        if (ts.isIdentifier(d.name)) names.push(d.name.text);
  }
  return names;
}

/** The engine package's entry points (`@caseway/engine/forms` → engine/src/forms/index.ts). */
const PACKAGE_EXPORTS = new Map(
  Object.entries(
    (
      JSON.parse(readFileSync(join(ROOT, 'engine/package.json'), 'utf8')) as {
        exports: Record<string, string>;
      }
    ).exports,
  ).map(([k, v]) => [k.replace(/^\./, '@caseway/engine'), join(ROOT, 'engine', v)]),
);

const resolveSpecifier = (from: string, spec: string) =>
  spec.startsWith('.') ? resolve(dirname(from), spec) : PACKAGE_EXPORTS.get(spec);

/** Names imported (or re-exported) from `target` by files outside its folder, or its tests. */
function namesUsed(target: string): Set<string> {
  const used = new Set<string>();
  const folder = dirname(target);
  const re = /(?:import|export)\s+(?:type\s+)?\{([^}]*)\}\s*from\s*['"]([^'"]+)['"]/g;
  for (const f of CONSUMERS) {
    // the folder's own tests may test through its index; its other files never import it
    if ((dirname(f) === folder || f.startsWith(folder + sep)) && !f.endsWith('.test.ts')) continue;
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(re)) {
      if (resolveSpecifier(f, m[2]!) !== target) continue;
      for (const item of m[1]!.split(','))
        used.add(
          item
            .trim()
            .replace(/^type\s+/, '')
            .split(/\s+as\s+/)[0]!,
        );
    }
  }
  return used;
}

test("each folder's index.ts exports only what is used outside the folder", () => {
  // the package's own entry (engine/src/index.ts) is for embedders; generated/ has every type
  // of the meta-schemas, used or not
  const indexes = engineFiles.filter(
    (f) =>
      f.endsWith(`${sep}index.ts`) &&
      f !== join(SRC, 'index.ts') &&
      f !== join(SRC, 'generated/index.ts'),
  );
  const unused = indexes.flatMap((index) => {
    const used = namesUsed(index);
    return exportedNames(index)
      .filter((n) => !used.has(n))
      .map((n) => `${rel(index)}: ${n}`);
  });
  expect(unused).toEqual([]);
});

/**
 * A plugin depends on the published SDK only (docs/plugins.md): it is built, tested and
 * published on its own, so it imports no other Caseway package (`@caseway/engine`, its
 * subpaths, the studio) and no file outside its own folder, and its package.json lists no
 * Caseway package but `@caseway/plugin-sdk`. What a plugin needs from Caseway (the zh-Hans
 * conversion, the test kit) belongs in the SDK.
 */
describe('plugins depend on the SDK only', () => {
  const PLUGINS = join(ROOT, 'plugins');
  const folders = readdirSync(PLUGINS, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => join(PLUGINS, d.name));

  /** The imports of a plugin's file that reach outside what a plugin may use. */
  function forbiddenImports(file: string, text: string, folder: string): string[] {
    return ts
      .preProcessFile(text, true, true)
      .importedFiles.map((i) => i.fileName)
      .filter((s) =>
        s.startsWith('.')
          ? !resolve(dirname(file), s).startsWith(folder + sep)
          : /^@caseway\//.test(s) && !/^@caseway\/plugin-sdk(\/|$)/.test(s),
      )
      .map((s) => `${rel(file)}: ${s}`);
  }

  test('no plugin imports @caseway/engine, another Caseway package or a file outside its folder', () => {
    const found = folders.flatMap((folder) =>
      filesUnder(
        folder,
        (f) => /\.(ts|js|mjs)$/.test(f) && !/\.d\.ts$/.test(f) && !f.includes(`${sep}dist${sep}`),
      ).flatMap((f) => forbiddenImports(f, readFileSync(f, 'utf8'), folder)),
    );
    expect(found).toEqual([]);
  });

  test("no plugin's package.json depends on a Caseway package but the SDK", () => {
    const found = folders.flatMap((folder) => {
      const pkg = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as Record<
        string,
        Record<string, string> | undefined
      >;
      return ['dependencies', 'devDependencies', 'peerDependencies'].flatMap((field) =>
        Object.keys(pkg[field] ?? {})
          .filter((name) => name.startsWith('@caseway/') && name !== '@caseway/plugin-sdk')
          .map((name) => `${rel(folder)}/package.json ${field}: ${name}`),
      );
    });
    expect(found).toEqual([]);
  });

  test('the check finds each way out of a plugin', () => {
    const folder = join(PLUGINS, 'sms');
    const probe = [
      "import { toSimplified } from '@caseway/engine/locale';",
      "import { createEngine } from '@caseway/engine';",
      "import { stepOf } from '../../../engine/src/runtime/index.ts';",
      "export { x } from '../../email/src/notice.ts';",
      "const m = await import('@caseway/studio');",
      "import { definePlugin } from '@caseway/plugin-sdk';",
      "import { toSimplified as s } from '@caseway/plugin-sdk/locale';",
      "import { render } from './templates.ts';",
      "import nodemailer from 'nodemailer';",
    ].join('\n');
    expect(forbiddenImports(join(folder, 'src/probe.ts'), probe, folder)).toEqual([
      'plugins/sms/src/probe.ts: @caseway/engine/locale',
      'plugins/sms/src/probe.ts: @caseway/engine',
      'plugins/sms/src/probe.ts: ../../../engine/src/runtime/index.ts',
      'plugins/sms/src/probe.ts: ../../email/src/notice.ts',
      'plugins/sms/src/probe.ts: @caseway/studio',
    ]);
  });
});

/**
 * A statement in a string: what a file that runs SQL writes. Conditions alone (`a = $1`) are
 * not matched, nor SQL words in comments (only string and template literals are read).
 */
const SQL_STATEMENT =
  /\b(SELECT\b[\s\S]*?\bFROM\b|INSERT\s+INTO\b|UPDATE\s+\w+\s+SET\b|DELETE\s+FROM\b|(CREATE|ALTER|DROP)\s+(TABLE|INDEX|SCHEMA)\b|LISTEN\s+"|pg_notify\s*\(|pg_advisory)/;

/** The text of every string and template literal of a file (a template's parts joined). */
function literalsOf(file: string): string[] {
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  const visit = (n: ts.Node) => {
    if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) out.push(n.text);
    else if (ts.isTemplateExpression(n))
      out.push([n.head.text, ...n.templateSpans.map((s) => s.literal.text)].join(' ? '));
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

/**
 * Outside store/, but allowed SQL: the access policy holds case and task visibility as SQL
 * conditions for the store's queries (issue 17, item 2: "who may see what" has one home). It
 * never runs them; its contract test holds them to the policy's answers.
 */
const SQL_ELSEWHERE = new Set([join(SRC, 'access/visibility.ts')]);

describe('the database is reached only through store/', () => {
  const STORE = join(SRC, 'store') + sep;
  const outside = [
    ...engineFiles.filter((f) => !f.startsWith(STORE)),
    ...filesUnder(join(ROOT, 'plugins'), isSource),
    ...filesUnder(join(ROOT, 'studio/src'), isSource),
  ];

  test('nothing else imports pg', () => {
    const found = outside.filter((f) =>
      ts
        .preProcessFile(readFileSync(f, 'utf8'), true, true)
        .importedFiles.some((i) => i.fileName === 'pg' || i.fileName.startsWith('pg/')),
    );
    expect(found.map(rel)).toEqual([]);
  });

  test('nothing else writes SQL', () => {
    const found = outside
      .filter((f) => !SQL_ELSEWHERE.has(f))
      .flatMap((f) =>
        literalsOf(f)
          .filter((text) => SQL_STATEMENT.test(text))
          .map((text) => `${rel(f)}: ${text.replace(/\s+/g, ' ').slice(0, 80)}`),
      );
    expect(found).toEqual([]);
  });

  test("store/'s queries are reached through its repositories, one per aggregate", () => {
    // store/index.ts exports the repositories (repositories.ts), types, and the connection and
    // notice plumbing below; a query module's function exported on its own is a failure: add
    // it to its aggregate's repository instead
    const PLUMBING = new Set([
      'connectDb',
      'isTransientDbError',
      'migrate',
      'ping',
      'notify',
      'jobsChannel',
      'taskChannel',
      'changesChannel',
      'parseChange',
      'announceChange',
      'NoticeListener',
      'definitionLedger',
      'TIMER_KINDS',
      'INBOX_TOTAL_CAP',
      'AUDIT',
    ]);
    const index = join(SRC, 'store/index.ts');
    const sf = ts.createSourceFile(index, readFileSync(index, 'utf8'), ts.ScriptTarget.Latest);
    const loose = sf.statements.flatMap((s) =>
      ts.isExportDeclaration(s) &&
      s.exportClause &&
      ts.isNamedExports(s.exportClause) &&
      s.moduleSpecifier &&
      ts.isStringLiteral(s.moduleSpecifier) &&
      s.moduleSpecifier.text !== './repositories.ts'
        ? s.exportClause.elements
            .filter((e) => !e.isTypeOnly && !s.isTypeOnly && !PLUMBING.has(e.name.text))
            .map((e) => `${s.moduleSpecifier!.getText(sf)}: ${e.name.text}`)
        : [],
    );
    expect(loose).toEqual([]);
    const repositories = exportedNames(join(SRC, 'store/repositories.ts'));
    const aggregates = ['instances', 'tasks', 'jobs', 'history', 'identity', 'search'];
    aggregates.push('attachments', 'analytics');
    expect(aggregates.filter((a) => !repositories.includes(a))).toEqual([]);
  });

  test('the check finds SQL where it is written (it reads store/)', () => {
    const store = engineFiles.filter((f) => f.startsWith(STORE));
    const withSql = store.filter((f) => literalsOf(f).some((t) => SQL_STATEMENT.test(t)));
    // every repository of store/ holds statements; index.ts and like.ts hold none
    expect(withSql.length).toBeGreaterThan(store.length / 2);
  });
});

/**
 * Routes call the store's queries and commands through `engine.data` (engine/src/data.ts),
 * bound to the engine's database; no file of http/ holds the database itself: it reads no
 * `.db` of the engine, takes no `db` out of it, and names none of store/'s connection types.
 * Nor does it hold a transaction: no function of http/ takes one (a hook or payload the
 * executor calls with its `tx`); the hooks a command needs are made in effects/ (hooks.ts).
 */
describe('the HTTP layer never holds the database', () => {
  const HTTP = join(SRC, 'http') + sep;
  const httpFiles = engineFiles.filter((f) => f.startsWith(HTTP));

  /** Where a source text reaches the engine's database, as `name:line text`. */
  function dbUses(name: string, text: string): string[] {
    const sf = ts.createSourceFile(name, text, ts.ScriptTarget.Latest, true);
    const out: string[] = [];
    const at = (n: ts.Node) =>
      `${name}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1} ${n.getText()}`;
    const visit = (n: ts.Node) => {
      if (ts.isPropertyAccessExpression(n) && n.name.text === 'db') out.push(at(n));
      else if (
        ts.isBindingElement(n) &&
        ts.isObjectBindingPattern(n.parent) &&
        (n.propertyName ?? n.name).getText() === 'db'
      )
        out.push(at(n));
      else if (
        ts.isImportSpecifier(n) &&
        ['Db', 'Queryable', 'Tx', 'connectDb'].includes((n.propertyName ?? n.name).text)
      )
        out.push(at(n));
      else if (
        ts.isParameter(n) &&
        (/^(tx|db|trx|client)$/.test(n.name.getText()) ||
          (n.type && /\b(Tx|Db|Queryable|PoolClient)\b/.test(n.type.getText())))
      )
        out.push(at(n));
      ts.forEachChild(n, visit);
    };
    visit(sf);
    return out;
  }

  test('no route or helper of http/ reads engine.db or takes a transaction', () => {
    // a failure: call engine.data.<query>(…) instead, adding the query to engine/src/data.ts;
    // for work in a command's transaction, a command (or hooks) of effects/
    expect(httpFiles.flatMap((f) => dbUses(rel(f), readFileSync(f, 'utf8')))).toEqual([]);
  });

  test('the check finds each way of reaching the database', () => {
    const probe = [
      "import { inbox, type Db } from '../../store/index.ts';",
      'await inbox(engine.db, actor, {});',
      'const { db, clock } = engine;',
      'const deps = { db: engine.db };',
      'await engine.executor.answerWait({ payload: async (tx) => readInstance(tx, id) });',
      'const hooks = { last: async (t: Tx, row: InstanceRow) => {} };',
      'function payload(db) {}',
    ].join('\n');
    expect(dbUses('probe', probe)).toEqual([
      'probe:1 type Db',
      'probe:2 engine.db',
      'probe:3 db',
      'probe:4 engine.db',
      'probe:5 tx',
      'probe:6 t: Tx',
      'probe:7 db',
    ]);
  });
});
