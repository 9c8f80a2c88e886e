/**
 * The one provider every host shares, and what the WATT.NETWORK / WATT.BTCPRICE / WATT.ASOF wrappers ask
 * of it. In Excel's shared runtime the functions bundle and the task-pane bundle are separate webpack
 * bundles in one page: the provider lives on globalThis so both see the same cache.
 */
import { dateResult, serialFromDate } from '../core/dates';
import { isError, Result } from '../core/errors';
import { Currency, DataMetric, parseCurrency, parseDataMetric, parseMetric, parseSource } from '../core/network';
import { DEFAULT_COINGECKO_URL, DEFAULT_MEMPOOL_URL, isPending, NetworkOptions, NetworkProvider, Pending, Reading } from './provider';

export * from './provider';

/** The only hosts Watt fetches from by default: the add-in's CSP (taskpane.html) allows exactly these. */
export const DATA_HOSTS = [new URL(DEFAULT_MEMPOOL_URL).origin, new URL(DEFAULT_COINGECKO_URL).origin] as const;

const KEY = Symbol.for('watt.network.provider');
type Holder = { [KEY]?: NetworkProvider };

/** The shared provider (created on first use with the defaults and the global fetch). */
export function networkProvider(): NetworkProvider {
  const holder = globalThis as unknown as Holder;
  return (holder[KEY] ??= new NetworkProvider());
}

/** Replaces the shared provider (settings changed, or a test's fetch and clock). Returns it. */
export function configureNetwork(options: Partial<NetworkOptions> = {}): NetworkProvider {
  const provider = new NetworkProvider(options);
  (globalThis as unknown as Holder)[KEY] = provider;
  return provider;
}

/** Settings from the environment (CLI): WATT_MEMPOOL_URL, WATT_COINGECKO_URL. */
export function optionsFromEnv(env: Record<string, string | undefined>): Partial<NetworkOptions> {
  const options: Partial<NetworkOptions> = {};
  if (env.WATT_MEMPOOL_URL) options.mempoolUrl = env.WATT_MEMPOOL_URL;
  if (env.WATT_COINGECKO_URL) options.coingeckoUrl = env.WATT_COINGECKO_URL;
  return options;
}

/** A cell's answer: now (a number or an error) or later. */
export type CellAnswer = Result<number> | Pending<Result<number>>;

/**
 * A cell reads the cache synchronously first (a number or an error at once); only when a fetch is
 * needed does it answer "pending" with a promise of the settled value (which never rejects).
 */
function cell(metric: DataMetric, currency: Currency, pick: (r: Reading) => Result<number>): CellAnswer {
  const provider = networkProvider();
  const now = provider.read(metric, currency);
  if (!isPending(now)) return isError(now) ? now : pick(now);
  const settled = now.promise
    .catch(() => undefined)
    .then(() => provider.value(metric, currency))
    .then((v) => (isError(v) ? v : pick(v)));
  return new Pending(settled, metric);
}

/** WATT.NETWORK: the current value of a metric from a source ("mempool", today the only one). */
export function networkCell(metric: string, source: string): CellAnswer {
  const m = parseMetric(metric);
  if (isError(m)) return m;
  const s = parseSource(source);
  if (isError(s)) return s;
  return cell(m, 'USD', (r) => r.value);
}

/** WATT.BTCPRICE: the BTC price in a currency. */
export function btcPriceCell(currency: string): CellAnswer {
  const c = parseCurrency(currency);
  return isError(c) ? c : cell('btc_price', c, (r) => r.value);
}

/** WATT.ASOF: when the value a cell shows for the metric was fetched, an Excel serial (UTC). */
export function asofCell(metric: string): CellAnswer {
  const m = parseDataMetric(metric);
  return isError(m) ? m : cell(m, 'USD', (r) => dateResult(serialFromDate(new Date(r.fetchedAt)), 'the time of the fetch'));
}
