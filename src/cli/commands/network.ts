import { isError, WattError } from '../../core/errors';
import { DATA_METRICS, DataMetric } from '../../core/network';
import { configureNetwork, DEFAULT_COINGECKO_URL, DEFAULT_MEMPOOL_URL, NetworkProvider, optionsFromEnv, Reading } from '../../network';
import type { Command } from '../command';
import { parseFlags } from '../context';

/** One metric as the JSON output shows it: a finite value, or an error (never null, never NaN). */
export function snapshotEntry(r: Reading | WattError): Record<string, unknown> {
  if (isError(r)) return { error: r.code, message: r.message };
  // The provider hands out finite numbers only; this keeps JSON.stringify from ever printing null.
  if (typeof r.value !== 'number' || !Number.isFinite(r.value)) return { error: '#N/A', message: `${r.sources.join(', ')}: not a finite number` };
  return { value: r.value, source: r.sources.join(', '), fetched_at: new Date(r.fetchedAt).toISOString(), ...(r.stale ? { stale: r.stale } : {}) };
}

/** Node's error codes in words a user can act on (the code stays, for a search). */
const PLAIN: Record<string, string> = {
  ENOTFOUND: 'host not found: no internet connection, or a wrong host name',
  EAI_AGAIN: 'host name lookup failed: no internet connection, or no DNS',
  ECONNREFUSED: 'connection refused: nothing answers at that address',
  ECONNRESET: 'connection reset by the server',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable: no route to it',
  ENETUNREACH: 'network unreachable: no internet connection',
};

/** "unreachable (ENOTFOUND)" → "unreachable, host not found: no internet connection, ... (ENOTFOUND)". */
export function plainFailure(message: string): string {
  return message.replace(/unreachable \(([A-Z_]+)\)/g, (whole, code: string) => (PLAIN[code] ? `unreachable, ${PLAIN[code]} (${code})` : whole));
}

/** The settings that point `watt network` at other servers, with their current values. */
export function settingsHint(env: Record<string, string | undefined>): string[] {
  return [
    'Watt reads mempool.space and CoinGecko; to use other servers (a firm\'s own mempool instance, a proxy), set',
    `  WATT_MEMPOOL_URL    now ${env.WATT_MEMPOOL_URL || `${DEFAULT_MEMPOOL_URL} (default)`}`,
    `  WATT_COINGECKO_URL  now ${env.WATT_COINGECKO_URL || `${DEFAULT_COINGECKO_URL} (default)`}`,
    'e.g. WATT_MEMPOOL_URL=https://mempool.example.org/api npx watt network',
  ];
}

/** Each endpoint's last failure once: "host: failure" (what all metrics share when nothing answers). */
function failuresBySource(provider: NetworkProvider): string[] {
  const lines = provider
    .status()
    .filter((s) => s.lastError !== undefined)
    .map((s) => `${new URL(s.url).host}: ${plainFailure(s.lastError!)}`);
  return [...new Set(lines)];
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
    const failed = metrics.filter((m) => isError(snapshot[m]));
    if (flags.has('--json')) {
      ctx.out(JSON.stringify(Object.fromEntries(metrics.map((m) => [m, snapshotEntry(snapshot[m])])), null, 2));
    } else if (failed.length === metrics.length) {
      // Nothing answered: one statement of why, not the same message eleven times.
      ctx.out(`No network data: none of the ${metrics.length} values could be fetched.`);
      for (const line of failuresBySource(provider)) ctx.out(`  ${line}`);
      ctx.out('');
      for (const line of settingsHint(ctx.env)) ctx.out(line);
    } else {
      const notes: string[] = [];
      for (const m of metrics) {
        const r = snapshot[m];
        if (isError(r)) {
          const text = plainFailure(r.message);
          if (!notes.includes(text)) notes.push(text);
          ctx.out(`${m.padEnd(21)} ${r.code.padEnd(20)} see note ${notes.indexOf(text) + 1}`);
          continue;
        }
        const when = new Date(r.fetchedAt).toISOString();
        ctx.out(`${m.padEnd(21)} ${String(r.value).padEnd(20)} ${DATA_METRICS[m]}`);
        ctx.out(`${''.padEnd(21)} from ${r.sources.join(', ')} at ${when}${r.stale ? ` (stale: ${r.stale})` : ''}`);
      }
      if (notes.length > 0) {
        ctx.out('');
        notes.forEach((n, i) => ctx.out(`note ${i + 1}: ${n}`));
        ctx.out('');
        for (const line of settingsHint(ctx.env)) ctx.out(line);
      }
    }
    // Exit status (docs/cli.md): 0 when every metric has a value (stale ones are flagged),
    // 1 when some metric has none (each is still reported), 2 when misused (parseFlags).
    return failed.length > 0 ? 1 : 0;
  },
};
