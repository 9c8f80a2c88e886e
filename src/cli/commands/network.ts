import { isError } from '../../core/errors';
import { DATA_METRICS, DataMetric } from '../../core/network';
import { configureNetwork, optionsFromEnv, Reading } from '../../network';
import { WattError } from '../../core/errors';
import type { Command } from '../main';
import { parseFlags } from '../context';

/** One metric as the JSON output shows it. */
export function snapshotEntry(r: Reading | WattError): Record<string, unknown> {
  if (isError(r)) return { error: r.code, message: r.message };
  return { value: r.value, source: r.sources.join(', '), fetched_at: new Date(r.fetchedAt).toISOString(), ...(r.stale ? { stale: r.stale } : {}) };
}

export const networkCommand: Command = {
  summary: 'live network data (WATT.NETWORK metrics and btc_price) with sources and times',
  usage: 'network [--json]',
  async run(args, ctx) {
    const { flags } = parseFlags(args, ['--json']);
    // The same provider as Excel and the engine, pointed at WATT_MEMPOOL_URL / WATT_COINGECKO_URL.
    const provider = configureNetwork(optionsFromEnv(ctx.env));
    const snapshot = await provider.snapshot();
    const metrics = Object.keys(DATA_METRICS) as DataMetric[];
    if (flags.has('--json')) {
      ctx.out(JSON.stringify(Object.fromEntries(metrics.map((m) => [m, snapshotEntry(snapshot[m])])), null, 2));
    } else {
      for (const m of metrics) {
        const r = snapshot[m];
        if (isError(r)) {
          ctx.out(`${m.padEnd(21)} ${r.code} ${r.message}`);
          continue;
        }
        const when = new Date(r.fetchedAt).toISOString();
        ctx.out(`${m.padEnd(21)} ${String(r.value).padEnd(20)} ${DATA_METRICS[m]}`);
        ctx.out(`${''.padEnd(21)} from ${r.sources.join(', ')} at ${when}${r.stale ? ` (stale: ${r.stale})` : ''}`);
      }
    }
    // 1 tells a script that some metric is unavailable (each is still reported).
    return metrics.some((m) => isError(snapshot[m])) ? 1 : 0;
  },
};
