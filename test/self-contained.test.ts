/**
 * The repository is self-contained: nothing in src, scripts, test, bin, the configs or the README
 * names a path outside the repository (a sibling folder of shared data, an absolute path under /work or /home), and
 * every path a file builds from __dirname with literal segments resolves inside the repository.
 * .ci/run also runs the data-reading suites in a copy of the repository in a fresh temporary folder,
 * with nothing beside it.
 */
import fs from 'fs';
import path from 'path';

const ROOT = path.resolve(__dirname, '..');
const DIRS = ['src', 'scripts', 'test', 'bin', 'data', 'docs', '.ci'];
const FILES = ['README.md', 'package.json', 'jest.config.js', 'webpack.config.js', 'tsconfig.json', 'tsconfig.cli.json', 'manifest.xml'];
const SELF = path.relative(ROOT, __filename);

function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : walk(p);
    return /\.(ts|js|json|md|xml|html|css|csv|sh)$|^run$/.test(e.name) ? [p] : [];
  });
}

const files = [...DIRS.flatMap((d) => walk(path.join(ROOT, d))), ...FILES.map((f) => path.join(ROOT, f)).filter((f) => fs.existsSync(f))]
  .map((f) => path.relative(ROOT, f))
  .filter((f) => f !== SELF);

test('the scan covers the code, the tests, the scripts and the README', () => {
  for (const f of ['README.md', 'docs/functions.md', 'scripts/generate-template-data.ts', 'test/helpers/deals.ts', 'src/templates/hpc-deals.ts', '.ci/run']) expect(files).toContain(f);
});

test('no file names a path outside the repository', () => {
  // data/ may cite where its figures were recorded elsewhere (GitHub paths in sources): only code and docs are scanned for these.
  const outside = /\.\.\/shared|shared\/data|\/work\/|\/home\/\w/;
  const hits = files
    .filter((f) => !f.startsWith('data/'))
    .flatMap((f) => fs.readFileSync(path.join(ROOT, f), 'utf8').split('\n').map((line, i) => ({ f, line: i + 1, text: line })))
    .filter(({ text }) => outside.test(text))
    .map(({ f, line, text }) => `${f}:${line}: ${text.trim().slice(0, 120)}`);
  expect(hits).toEqual([]);
});

test('every path built from __dirname with literal segments stays inside the repository', () => {
  const built = /path\.(?:resolve|join)\(\s*__dirname((?:\s*,\s*'[^']*')+)\s*[,)]/g;
  const escapes: string[] = [];
  let count = 0;
  for (const f of files.filter((x) => /\.(ts|js)$/.test(x))) {
    for (const m of fs.readFileSync(path.join(ROOT, f), 'utf8').matchAll(built)) {
      count += 1;
      const segments = [...m[1].matchAll(/'([^']*)'/g)].map((s) => s[1]);
      const target = path.resolve(ROOT, path.dirname(f), ...segments);
      if (path.relative(ROOT, target).startsWith('..')) escapes.push(`${f}: ${m[0]} -> ${target}`);
    }
  }
  expect(count).toBeGreaterThan(10);
  expect(escapes).toEqual([]);
});
