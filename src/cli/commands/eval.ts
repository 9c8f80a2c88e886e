import { Evaluator, Outcome } from '../../engine/evaluate';
import type { Command } from '../command';
import { parseFlags } from '../context';
import { configureNetwork, optionsFromEnv } from '../../network';

function cellText(cell: unknown): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'object') return (cell as { error: string }).error;
  // Plain output shows numbers as Excel does, to 15 significant digits; --json keeps the full double.
  if (typeof cell === 'number') return String(Number(cell.toPrecision(15)));
  return String(cell);
}

export function formatOutcome(o: Outcome): string {
  if ('error' in o) return `${o.error} ${o.message}`.trim();
  if (Array.isArray(o.value)) return o.value.map((row) => row.map(cellText).join('\t')).join('\n');
  return cellText(o.value);
}

export const evalCommand: Command = {
  summary: 'evaluate formulas (arguments, or one a line on stdin)',
  usage: 'eval [--json] [FORMULA ...]',
  async run(args, ctx) {
    const { flags, positional } = parseFlags(args, ['--json']);
    let formulas = positional;
    if (formulas.length === 0) {
      const input = (await ctx.readStdin()) ?? '';
      formulas = input.split(/\r?\n/).filter((l) => l.trim() !== '');
    }
    configureNetwork(optionsFromEnv(ctx.env)); // WATT.NETWORK and friends read WATT_MEMPOOL_URL, WATT_COINGECKO_URL
    const evaluator = new Evaluator();
    for (const f of formulas) {
      const outcome = await evaluator.evaluateAsync(f);
      ctx.out(flags.has('--json') ? JSON.stringify(outcome) : formatOutcome(outcome));
    }
    return 0;
  },
};
