/**
 * No test touches the internet. Before each test file: the shared network provider gets a fetch that
 * refuses at once, and the CLI's source URLs (inherited by spawned `watt` processes) point at a closed
 * local port. Tests of live data configure their own provider against the local fixture server.
 */
import { configureNetwork } from '../../src/network';

const CLOSED = 'http://127.0.0.1:9'; // the discard port: nothing listens, the connection is refused
process.env.WATT_MEMPOOL_URL ??= `${CLOSED}/api`;
process.env.WATT_COINGECKO_URL ??= `${CLOSED}/api/v3`;

configureNetwork({
  mempoolUrl: process.env.WATT_MEMPOOL_URL,
  coingeckoUrl: process.env.WATT_COINGECKO_URL,
  fetch: async () => {
    throw new Error('network disabled in tests');
  },
});
