/**
 * WATT live network data: asynchronous functions over the shared, cached provider of src/network
 * (mempool.space REST API; CoinGecko as the price fallback). Each answers from the cache when it can;
 * a failed request shows the last good value (younger than an hour) or #N/A naming the source and why.
 */
import { P } from '../core/params';
import { asofCell, btcPriceCell, networkCell } from '../network';
import { runAsync } from './_lib/async';

/**
 * Current bitcoin network data from mempool.space, cached (prices 1 min, difficulty and fees 10 min).
 * @customfunction NETWORK
 * @param metric One of: "difficulty"; "hashrate" (EH/s, the source's estimate); "implied_hashrate" (EH/s from difficulty); "height"; "subsidy" (BTC per block); "fees" (BTC per block, average of the last 144 blocks); "hashprice" (USD per PH/s per day, priced from difficulty); "next_retarget_height"; "retarget_change" (% expected at the next retarget); "retarget_date" (Excel date serial, UTC).
 * @param [source] Data source: "mempool" (default; its address is a setting).
 * @returns The metric's current value, in the unit named for it.
 * @example =WATT.NETWORK("hashprice")
 */
export function network(metric: string, source?: string): Promise<number> {
  return runAsync(networkCell, [P.metric, P.network_source], metric, source);
}

/**
 * Current BTC price from mempool.space, or CoinGecko when mempool.space fails; cached one minute.
 * @customfunction BTCPRICE
 * @param [currency] USD (default), EUR, GBP, CAD, CHF, AUD or JPY.
 * @returns Price of one BTC in the currency.
 * @example =WATT.BTCPRICE("EUR")
 */
export function btcprice(currency?: string): Promise<number> {
  return runAsync(btcPriceCell, [P.currency], currency);
}

/**
 * When the value shown for a network metric was fetched, for a model's audit trail.
 * @customfunction ASOF
 * @param metric A WATT.NETWORK metric, or "btc_price". For a metric built from several answers (hashprice), the oldest.
 * @returns Excel date serial (UTC); format the cell as date and time.
 * @example =WATT.ASOF("difficulty")
 */
export function asof(metric: string): Promise<number> {
  return runAsync(asofCell, [P.metric], metric);
}
