/**
 * The README and docs/ never drift from the code:
 *  - docs/functions.md is what `npm run docs` generates from the registry (every example evaluated);
 *  - every relative link (and its #anchor) in README.md and docs/*.md points at a file and a heading
 *    that exist;
 *  - every `watt` command shown in a ```sh block runs; where its output is shown (`$ npx watt ...`
 *    followed by output lines) the command prints exactly that, run in-process in a scratch folder;
 *  - every formula quoted as `=FORMULA` → `value` evaluates to that value at the precision shown, every
 *    formula in a plain code block evaluates without error, and a table marked
 *    `<!-- checked: ... -->` equals the formula of the code block above it, cell by cell at the
 *    precision shown;
 *  - the README lists every function and every template, and the list of functions without a native
 *    form in docs/xlsx.md is the code's.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { CommandContext } from '../src/cli/context';
import { main } from '../src/cli/main';
import { Evaluator } from '../src/engine/evaluate';
import { TEMPLATES } from '../src/templates';
import { nativeFormOf, REGISTRY } from '../src/xlsx/native';
import { ensureCliBuild } from './helpers/build';

const ROOT = path.resolve(__dirname, '..');
const DOCS = path.join(ROOT, 'docs');
/** The pages checked: the README and docs/*.md (docs/_incoming holds drafts not yet merged). */
const PAGES = [path.join(ROOT, 'README.md'), ...fs.readdirSync(DOCS).filter((f) => f.endsWith('.md')).map((f) => path.join(DOCS, f))];
const rel = (file: string) => path.relative(ROOT, file);
const read = (file: string) => fs.readFileSync(file, 'utf8');

interface Block {
  lang: string;
  body: string;
  /** Offset in the page of the block's opening fence. */
  at: number;
}

function codeBlocks(text: string): Block[] {
  const out: Block[] = [];
  const re = /^```(\w*)\n([\s\S]*?)^```\s*$/gm;
  for (let m; (m = re.exec(text)); ) out.push({ lang: m[1], body: m[2], at: m.index });
  return out;
}

/** The page's text outside fenced code blocks and inline code (where links and headings live). */
function prose(text: string): string {
  return text.replace(/^```[\s\S]*?^```\s*$/gm, '').replace(/`[^`\n]*`/g, '``');
}

/** GitHub's anchors of a page's headings (lower case, punctuation dropped, spaces to hyphens, -1 for repeats). */
function anchors(file: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  const text = read(file).replace(/^```[\s\S]*?^```\s*$/gm, '');
  for (const m of text.matchAll(/^#{1,6}\s+(.+?)\s*$/gm)) {
    const base = m[1]
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

beforeAll(() => ensureCliBuild(), 180_000); // scripts/docs.js evaluates the examples with the compiled engine

describe('docs/functions.md', () => {
  test('is what `npm run docs` generates from the registry', () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'docs.js'), '--check'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});

describe('links', () => {
  test.each(PAGES.map((p) => [rel(p), p]))('every relative link and anchor of %s resolves', (_name, file) => {
    const broken: string[] = [];
    for (const m of prose(read(file)).matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      const target = m[1];
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:
      const [where, anchor] = target.split('#');
      const to = where ? path.resolve(path.dirname(file), where) : file;
      if (!to.startsWith(ROOT) || !fs.existsSync(to)) {
        broken.push(`${target}: no file ${rel(to)}`);
        continue;
      }
      if (anchor !== undefined && to.endsWith('.md') && !anchors(to).has(anchor)) broken.push(`${target}: no heading #${anchor} in ${rel(to)}`);
    }
    expect(broken).toEqual([]);
  });

  test('the anchor rule is GitHub\'s', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'watt-anchors-'));
    const file = path.join(dir, 'a.md');
    fs.writeFileSync(file, '# Models that travel: .xlsx out and in\n## WATT.PATHS\n## Limits\n## Limits\n```sh\n# not a heading\n```\n');
    expect([...anchors(file)]).toEqual(['models-that-travel-xlsx-out-and-in', 'wattpaths', 'limits', 'limits-1']);
    fs.rmSync(dir, { recursive: true });
  });
});

/** Words of a shell command line: single and double quotes, a trailing # comment. */
function shellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === "'" || c === '"') {
      const end = line.indexOf(c, i + 1);
      if (end < 0) throw new Error(`unclosed quote in: ${line}`);
      word = (word ?? '') + line.slice(i + 1, end);
      i = end;
    } else if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (c === '#' && word === undefined) break;
    else word = (word ?? '') + c;
  }
  if (word !== undefined) words.push(word);
  return words;
}

interface ShownCommand {
  line: string;
  /** The expected output lines, or undefined when the page shows none. */
  output?: string[];
}

/** Each ```sh block's commands that run `npx watt` (alone or fed by `echo ... |`), in order. */
function shownBlocks(file: string): { page: string; first: string; commands: ShownCommand[] }[] {
  const out: { page: string; first: string; commands: ShownCommand[] }[] = [];
  for (const block of codeBlocks(read(file)).filter((b) => b.lang === 'sh')) {
    const lines = block.body.replace(/\n$/, '').split('\n');
    const dollar = lines.some((l) => l.startsWith('$ '));
    const commands: ShownCommand[] = [];
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i];
      if (dollar && !l.startsWith('$ ')) continue;
      const cmd = dollar ? l.slice(2) : l;
      if (!/\bnpx watt\b/.test(cmd)) continue;
      const output: string[] = [];
      for (let j = i + 1; dollar && j < lines.length && !lines[j].startsWith('$ '); j++) output.push(lines[j]);
      commands.push({ line: cmd, output: dollar ? output : undefined });
    }
    if (commands.length > 0) out.push({ page: rel(file), first: commands[0].line.slice(0, 60), commands });
  }
  return out;
}

async function runShown(line: string): Promise<{ code: number; out: string[] }> {
  let stdin: string | undefined;
  let command = line;
  const pipe = /^echo\s+('[^']*'|"[^"]*")\s*\|\s*(.*)$/.exec(line);
  if (pipe) {
    stdin = shellWords(pipe[1])[0] + '\n';
    command = pipe[2];
  }
  const words = shellWords(command);
  if (words[0] !== 'npx' || words[1] !== 'watt') throw new Error(`not a watt command: ${line}`);
  const out: string[] = [];
  const ctx: CommandContext = { out: (l) => out.push(...l.split('\n')), err: (l) => out.push(...l.split('\n')), readStdin: async () => stdin, env: {} };
  const code = await main(words.slice(2), ctx);
  return { code, out };
}

describe('commands shown in ```sh blocks', () => {
  const blocks = PAGES.flatMap(shownBlocks);
  let scratch: string;
  const cwd = process.cwd();
  beforeAll(() => {
    // Files the commands write (-o FILE.xlsx) go to a scratch folder, never into the repository.
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'watt-docs-'));
    process.chdir(scratch);
  });
  afterAll(() => {
    process.chdir(cwd);
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  test('the pages show commands with their output', () => {
    expect(blocks.flatMap((b) => b.commands).filter((c) => c.output && c.output.length > 0).length).toBeGreaterThanOrEqual(5);
  });

  // One test a block, its commands in order: one may read the file an earlier one wrote (recalc after export).
  test.each(blocks.map((b) => [b.page, b.first, b]))('%s: the block of `%s`', async (_page, _first, b) => {
    for (const c of (b as { commands: ShownCommand[] }).commands) {
      const { code, out } = await runShown(c.line);
      if (c.output && c.output.length > 0) expect({ command: c.line, out: out.map((l) => l.trimEnd()) }).toEqual({ command: c.line, out: c.output.map((l) => l.trimEnd()) });
      else expect({ command: c.line, code, out: code === 0 ? [] : out }).toEqual({ command: c.line, code: 0, out: [] });
    }
  }, 60_000);
});

/** A number as a page shows it: 1,234.5  $1.2M  (3.5)  −23.8%  17.9%; with the precision shown. */
function shownNumber(text: string): { value: number; tolerance: number } | undefined {
  let t = text.trim().replace(/−/g, '-');
  const negative = /^\(.*\)$/.test(t) || t.startsWith('-');
  t = t.replace(/^\(|\)$/g, '').replace(/^-/, '').replace(/^\$/, '').replace(/,/g, '');
  let scale = 1;
  if (t.endsWith('%')) (scale = 0.01), (t = t.slice(0, -1));
  else if (t.endsWith('M')) (scale = 1e6), (t = t.slice(0, -1));
  if (!/^\d+(\.\d+)?$/.test(t)) return undefined;
  const decimals = (t.split('.')[1] ?? '').length;
  const value = (negative ? -1 : 1) * Number(t) * scale;
  return { value, tolerance: 0.5 * 10 ** -decimals * scale * (1 + 1e-9) };
}

const ev = new Evaluator();

function evaluate(formula: string): unknown {
  const o = ev.evaluate(formula);
  if ('error' in o) throw new Error(`${formula} gave ${o.error} ${o.message}`);
  return o.value;
}

function expectShown(got: unknown, shown: string, where: string): void {
  const n = shownNumber(shown);
  if (n === undefined) {
    expect({ where, got }).toEqual({ where, got: shown });
    return;
  }
  expect({ where, number: typeof got === 'number' }).toEqual({ where, number: true });
  const off = Math.abs((got as number) - n.value);
  if (off > n.tolerance) throw new Error(`${where}: the page shows ${shown}, the engine gives ${got}`);
}

describe('figures quoted in the pages', () => {
  const methodPages = PAGES.filter((p) => !p.endsWith('functions.md')); // functions.md: generated from the engine (above)

  test.each(methodPages.map((p) => [rel(p), p]))('%s: every `=FORMULA` → `value` holds', (_name, file) => {
    for (const m of read(file).matchAll(/`(=[^`]+)`\s*→\s*`([^`]+)`/g)) expectShown(evaluate(m[1]), m[2], m[1]);
  });

  test.each(methodPages.map((p) => [rel(p), p]))('%s: every formula of a plain code block evaluates', (_name, file) => {
    for (const block of codeBlocks(read(file)).filter((b) => b.lang === '')) {
      for (const line of block.body.split('\n').filter((l) => l.startsWith('='))) expect(() => evaluate(line.trim())).not.toThrow();
    }
  });

  const marked = methodPages.flatMap((file) => {
    const text = read(file);
    return [...text.matchAll(/<!-- checked:[^>]*-->\n+((?:\|.*\|\n)+)/g)].map((m) => {
      const before = codeBlocks(text.slice(0, m.index)).pop();
      if (!before) throw new Error(`${rel(file)}: a checked table without a formula above it`);
      const formula = /=WATT\.[\s\S]*\)/.exec(before.body.includes("'=") ? before.body.split("'")[1] : before.body)![0];
      return [rel(file), formula.slice(0, 30), formula, m[1]] as const;
    });
  });

  test('the worked examples are marked as checked', () => {
    expect(marked.map(([page]) => page).sort()).toEqual(['docs/conversion.md', 'docs/finance.md', 'docs/flexible-load.md', 'docs/hybrid.md', 'docs/valuation.md']);
  });

  test.each(marked)('%s: the table of %s… equals the formula, cell by cell', (_page, _short, formula, table) => {
    const result = evaluate(formula) as unknown[][];
    const head = result[0].map(String);
    const rows = table.trim().split('\n').map((r) => r.replace(/^\||\|$/g, '').split('|').map((c) => c.trim()));
    const columns = rows[0].map((h) => head.indexOf(h.replace(/ /g, '_')));
    let compared = 0;
    for (const row of rows.slice(2)) {
      const key = row[0].split(' ')[0];
      const data = result.find((r) => r[0] === key);
      if (!data) throw new Error(`no row ${key} in ${formula}`);
      const inMillions = /\(USD M\)/.test(row[0]);
      row.forEach((cell, i) => {
        if (i === 0 || columns[i] < 0 || cell === '') return;
        const got = data[columns[i]];
        expectShown(inMillions && typeof got === 'number' ? got / 1e6 : got, cell, `${key} ${rows[0][i]}`);
        compared += 1;
      });
    }
    expect(compared).toBeGreaterThanOrEqual(20);
  });
});

const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];

describe('the README and the lists it keeps', () => {
  const readme = read(path.join(ROOT, 'README.md'));

  test('stays one page (under 200 lines) and names the commands a new user needs', () => {
    expect(readme.split('\n').length).toBeLessThan(200);
    for (const cmd of ['npm install', 'npm start', 'npm test', 'npx watt eval']) expect(readme).toContain(cmd);
  });

  test('lists every function once, each linking to its reference', () => {
    const listed = [...readme.matchAll(/^- \[`WATT\.(\w+)`\]\(docs\/functions\.md#watt(\w+)\)/gm)];
    expect(listed.map((m) => m[1]).sort()).toEqual(REGISTRY.map((f) => f.name).sort());
    for (const m of listed) expect(m[2]).toBe(m[1].toLowerCase());
  });

  test.each([['README.md'], ['docs/templates.md']])('%s has one row per template, and the README says how many', (page) => {
    const text = read(path.join(ROOT, page));
    const ids = [...text.matchAll(/^\| [^|]*\(`([a-z-]+)`\) \|/gm)].map((m) => m[1]);
    expect(ids).toEqual(TEMPLATES.map((t) => t.id));
    if (page === 'README.md') expect(readme.replace(/\s+/g, ' ')).toContain(`${NUMBER_WORDS[TEMPLATES.length]} ready templates`);
  });

  test('every page that counts the templates (or those with charts) in words counts them right', () => {
    const withCharts = TEMPLATES.filter((t) => t.sheets.some((sheet) => (sheet.charts ?? []).length > 0)).length;
    const counts = PAGES.flatMap((file) =>
      [...read(file).replace(/\s+/g, ' ').matchAll(new RegExp(`\\b(${NUMBER_WORDS.join('|')}) (?:ready )?(?:templates|models)\\b( have charts)?`, 'gi'))].map((m) => ({
        page: rel(file),
        said: m[0],
        count: NUMBER_WORDS.indexOf(m[1].toLowerCase()),
        expected: m[2] ? withCharts : TEMPLATES.length,
      })),
    );
    expect(counts.length).toBeGreaterThanOrEqual(4);
    for (const c of counts) expect({ page: c.page, said: c.said, count: c.count }).toEqual({ page: c.page, said: c.said, count: c.expected });
  });

  test('docs/xlsx.md names exactly the scalar functions without a native form', () => {
    const live = new Set(['NETWORK', 'BTCPRICE', 'ASOF']);
    const none = REGISTRY.filter((f) => f.result?.dimensionality !== 'matrix' && !live.has(f.id) && !nativeFormOf(f.id)).map((f) => f.id);
    const text = read(path.join(DOCS, 'xlsx.md'));
    const sentence = /Scalar functions without a native form of their own today[^:]*:\s*([^;]*);/.exec(text)![1];
    expect([...sentence.matchAll(/`WATT\.(\w+)`/g)].map((m) => m[1]).sort()).toEqual(none.sort());
  });
});
