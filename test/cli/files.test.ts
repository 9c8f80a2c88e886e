/**
 * What the command line writes is never half-written (issue 16 §1): a write that fails (a full disk,
 * injected here at the file handle; a rename refused) or is interrupted (Ctrl+C: the CLI spawned and
 * sent SIGINT) leaves the target byte-identical and no temporary file beside it. Also issue 15 §6:
 * `watt functions | head` exits quietly, and a formula the engine cannot parse is told in words.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawn } from 'child_process';
import ExcelJS from 'exceljs';
import { runCli as run } from '../helpers/cli';
import { writeFileAtomic, pendingTemporaryFiles } from '../../src/cli/atomic-write';
import { plainEngineMessage } from '../../src/engine/messages';

const ROOT = path.join(__dirname, '..', '..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'watt-files-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
afterEach(() => jest.restoreAllMocks());

/** A workbook of `rows` rows of numbers and formulas (recalc has work to do, and writes some MB). */
async function workbook(file: string, rows: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Data');
  for (let r = 1; r <= rows; r++) {
    ws.getCell(r, 1).value = r;
    ws.getCell(r, 2).value = r * 1.5;
    ws.getCell(r, 3).value = { formula: `A${r}*B${r}`, result: 0 } as ExcelJS.CellFormulaValue;
    ws.getCell(r, 4).value = `row ${r}`;
  }
  await wb.xlsx.writeFile(file);
  return fs.readFileSync(file);
}

/** Files in a folder that are not `keep` (a temporary file left behind would show here). */
const others = (folder: string, keep: string[]) => fs.readdirSync(folder).filter((f) => !keep.includes(f));

/**
 * fs.promises.open, except that a handle opened on one of Watt's temporary files writes `allow` bytes
 * and then fails as a full disk does (ENOSPC), after a partial file really exists.
 */
function fullDiskAfter(allow: number): void {
  const open = fs.promises.open;
  jest.spyOn(fs.promises, 'open').mockImplementation(async (...args: Parameters<typeof open>) => {
    const handle = await open(...args);
    if (!/\.watt-\d+-[0-9a-f]+\.tmp$/.test(String(args[0]))) return handle;
    let written = 0;
    const write = handle.write.bind(handle) as (...a: unknown[]) => Promise<{ bytesWritten: number }>;
    (handle as unknown as { write: unknown }).write = async (data: Uint8Array, offset: number, length: number) => {
      if (written >= allow) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      const n = Math.min(length, allow - written);
      const r = await write(data, offset, n);
      written += r.bytesWritten;
      return r;
    };
    return handle;
  });
}

describe('atomic writes', () => {
  test('recalc IN -o IN on a full disk: the input is byte-identical, no partial file, exit 1 naming the file', async () => {
    const folder = fs.mkdtempSync(path.join(dir, 'full-'));
    const input = path.join(folder, 'model.xlsx');
    const before = await workbook(input, 3000);
    fullDiskAfter(4096);
    const r = await run(['recalc', input, '-o', input]);
    expect(r).toEqual({ code: 1, out: '', err: `watt recalc: cannot write ${input}: the disk is full (nothing was written; any file already there is unchanged)` });
    expect(fs.readFileSync(input).equals(before)).toBe(true);
    expect(others(folder, ['model.xlsx'])).toEqual([]);
    expect(pendingTemporaryFiles()).toEqual([]);
  });

  test('recalc to a separate -o on a full disk leaves no partial OUT', async () => {
    const folder = fs.mkdtempSync(path.join(dir, 'sep-'));
    const input = path.join(folder, 'model.xlsx');
    await workbook(input, 200);
    fullDiskAfter(100);
    const r = await run(['recalc', input, '-o', path.join(folder, 'out.xlsx')]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/cannot write .*out\.xlsx: the disk is full/);
    expect(others(folder, ['model.xlsx'])).toEqual([]);
  });

  test('template export onto an existing file, the rename refused: the file is untouched, the temporary file removed', async () => {
    const folder = fs.mkdtempSync(path.join(dir, 'rename-'));
    const target = path.join(folder, 'km.xlsx');
    fs.writeFileSync(target, 'what the user had');
    jest.spyOn(fs.promises, 'rename').mockRejectedValue(Object.assign(new Error('EACCES: permission denied, rename'), { code: 'EACCES' }));
    const r = await run(['template', 'export', 'keep-mining', '-o', target]);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`watt template: cannot write ${target}: permission denied (nothing was written; any file already there is unchanged)`);
    expect(fs.readFileSync(target, 'utf8')).toBe('what the user had');
    expect(others(folder, ['km.xlsx'])).toEqual([]);
  });

  test('a folder named as the output is refused without touching it', async () => {
    const folder = fs.mkdtempSync(path.join(dir, 'folder-'));
    const target = path.join(folder, 'looks.xlsx');
    fs.mkdirSync(target);
    const r = await run(['template', 'export', 'keep-mining', '-o', target]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/cannot write .*looks\.xlsx: it is a folder/);
    expect(fs.statSync(target).isDirectory()).toBe(true);
  });

  test('writeFileAtomic: a complete file replaces the old one, its permissions kept; through a symbolic link to the file it names', async () => {
    const folder = fs.mkdtempSync(path.join(dir, 'ok-'));
    const target = path.join(folder, 'a.xlsx');
    fs.writeFileSync(target, 'old');
    fs.chmodSync(target, 0o640);
    await writeFileAtomic(target, new TextEncoder().encode('new contents'));
    expect(fs.readFileSync(target, 'utf8')).toBe('new contents');
    expect(fs.statSync(target).mode & 0o777).toBe(0o640);
    const link = path.join(folder, 'link.xlsx');
    fs.symlinkSync(target, link);
    await writeFileAtomic(link, new TextEncoder().encode('via the link'));
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(target, 'utf8')).toBe('via the link');
    expect(others(folder, ['a.xlsx', 'link.xlsx'])).toEqual([]);
  });
});

/** Runs the CLI from its TypeScript sources (no build needed) in a child process. */
function spawnCli(args: string[]) {
  return spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src', 'cli', 'bin.ts'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
}

const finished = (child: ReturnType<typeof spawnCli>) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }>((resolve) => {
    let out = '';
    let err = '';
    child.stdout?.on('data', (d) => (out += d));
    child.stderr?.on('data', (d) => (err += d));
    child.on('close', (code, signal) => resolve({ code, signal, out, err }));
  });

describe('interrupted (Ctrl+C)', () => {
  test('SIGINT while recalc IN -o IN reads, computes or writes: IN is the old file or the complete new one, never partial; no temporary file is left', async () => {
    const folder = fs.mkdtempSync(path.join(dir, 'sigint-'));
    const input = path.join(folder, 'model.xlsx');
    const original = await workbook(input, 8000);
    // The output of an uninterrupted run, to recognize a complete write.
    const reference = path.join(folder, 'reference.xlsx');
    const started = Date.now();
    const done = await finished(spawnCli(['recalc', input, '-o', reference]));
    const took = Date.now() - started;
    expect(done.code).toBe(0);
    const complete = fs.readFileSync(reference);
    fs.rmSync(reference);
    const outcomes: string[] = [];
    // Early (while reading), then as soon as the temporary file appears (while writing).
    for (const when of ['early', 'writing']) {
      fs.writeFileSync(input, original);
      const child = spawnCli(['recalc', input, '-o', input]);
      const result = finished(child);
      if (when === 'early') setTimeout(() => child.kill('SIGINT'), took * 0.6); // well into reading and computing
      else {
        const watcher = fs.watch(folder, (_, name) => {
          if (name && /\.watt-\d+-[0-9a-f]+\.tmp$/.test(String(name))) {
            child.kill('SIGINT');
            watcher.close();
          }
        });
        void result.then(() => watcher.close());
      }
      const r = await result;
      const now = fs.readFileSync(input);
      expect(others(folder, ['model.xlsx'])).toEqual([]);
      if (r.code === 130 || r.signal === 'SIGINT') {
        // 130: Watt's handler removed what it was writing; SIGINT: stopped before the CLI had started.
        if (r.code === 130) expect(r.err).toMatch(/watt: interrupted; no file was left half-written/);
        expect(now.equals(original)).toBe(true);
        outcomes.push(`${when}: interrupted, input byte-identical`);
      } else {
        // The signal came after the rename: the new file is there, complete (same size as an uninterrupted run).
        expect(r.code).toBe(0);
        expect(now.length).toBe(complete.length);
        outcomes.push(`${when}: finished first, output complete`);
      }
    }
    expect(outcomes[0]).toBe('early: interrupted, input byte-identical');
  }, 90_000);
});

describe('command line (issue 15 §6)', () => {
  test('`watt functions | head`: the reader closes the pipe; exit 0 and nothing on stderr (no EPIPE trace)', async () => {
    const child = spawnCli(['functions']);
    child.stdout!.destroy(); // as `head -0` would: the first write meets a closed pipe
    const r = await finished(child);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
  }, 30_000);

  test('parse errors in words: HyperFormula\'s parser messages become sentences about the formula', async () => {
    const r = await run(['eval', '=WATT.HASHPRICE(1', '=1+', '=SUM(1))', '="abc', '=1 2']);
    expect(r.out.split('\n')).toEqual([
      '#ERROR! The formula cannot be read: a closing parenthesis ")" is expected but the formula ends there (a parenthesis is not closed).',
      '#ERROR! The formula cannot be read: a value, a reference or a function is expected but the formula ends there (an operator, a comma or a colon with nothing after it?).',
      '#ERROR! The formula cannot be read: ")" is left over after a complete formula (an extra parenthesis, or an operator missing between two values?).',
      `#ERROR! The formula cannot be read: the character '"' at position 2 is not part of a formula (a text is not closed with a quote?).`,
      '#ERROR! The formula cannot be read: "2" is left over after a complete formula (an extra parenthesis, or an operator missing between two values?).',
    ]);
    expect(r.out).not.toMatch(/-->|<--|Token|EOF|RParen/);
    // Messages that are not the parser's pass unchanged.
    expect(plainEngineMessage('network_hashrate must be > 0 EH/s (got -5)')).toBe('network_hashrate must be > 0 EH/s (got -5)');
  });
});
