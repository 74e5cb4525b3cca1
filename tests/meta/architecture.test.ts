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
