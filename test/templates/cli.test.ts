/** `watt template list|show`: the listing, the recalculated values, and the usage errors (exit 2). */
import * as mining from '../../src/core/mining';
import { main } from '../../src/cli/main';
import type { CommandContext } from '../../src/cli/context';
import { TEMPLATES } from '../../src/templates';

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const ctx: CommandContext = { out: (l) => out.push(l), err: (l) => err.push(l), readStdin: async () => undefined, env: {} };
  const code = await main(args, ctx);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('watt template', () => {
  test('list --json: id, title, description, as_of of every template', async () => {
    const { code, out } = await run(['template', 'list', '--json']);
    expect(code).toBe(0);
    const list = JSON.parse(out);
    expect(list.map((t: { id: string }) => t.id)).toEqual(TEMPLATES.map((t) => t.id));
    expect(Object.keys(list[0])).toEqual(['id', 'title', 'description', 'as_of']);
    expect(list[0].as_of).toBe('2025-12-15');
  });

  test('list: one line per template with its as-of date', async () => {
    const { code, out } = await run(['template', 'list']);
    expect(code).toBe(0);
    expect(out).toMatch(/^keep-mining +Mining site: keep mining \(as of 2025-12-15\)$/m);
    expect(out).toMatch(/^comps +Listed miners: comps \(as of 2026-05-21\)$/m);
  });

  test('show ID --json: every sheet\'s computed values; hashprice equals the core', async () => {
    const { code, out } = await run(['template', 'show', 'keep-mining', '--json']);
    expect(code).toBe(0);
    const result = JSON.parse(out);
    expect(result.id).toBe('keep-mining');
    expect(result.sheets.map((s: { name: string }) => s.name)).toEqual(['Keep mining']);
    const rows: unknown[][] = result.sheets[0].values;
    const hashprice = rows.find((r) => r[0] === 'Hashprice')!;
    expect(hashprice[1]).toBeCloseTo(mining.hashprice(87000, 1075, 0.02, 3.125) as number, 9);
    expect(rows.find((r) => r[0] === 'BTC price')![1]).toBe(87000);
  });

  test('show ID: text, one line per row, tab-separated', async () => {
    const { code, out } = await run(['template', 'show', 'comps']);
    expect(code).toBe(0);
    expect(out.split('\n')[0]).toBe('== Comps ==');
    expect(out).toMatch(/^8\tIREN\tIREN Ltd\t\t4500\t/m);
  });

  test('an unknown id or subcommand is a usage error (exit 2) listing the ids', async () => {
    for (const args of [['template', 'show', 'nope'], ['template'], ['template', 'show'], ['template', 'list', 'x']]) {
      const { code, err } = await run(args);
      expect(code).toBe(2);
      expect(err).toContain('keep-mining, powered-shell, gpu-cloud, three-paths, risk, projection, comps, hpc-deals');
      expect(err).toContain('usage: watt template list|show [ID] [--json]');
    }
  });
});
