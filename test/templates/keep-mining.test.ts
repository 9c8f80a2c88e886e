/**
 * keep-mining: every output equals the pure core computed directly from the sheet's input cells, at
 * the defaults and after the user changes inputs. Tolerance: 1e-9 relative (same arithmetic, engine
 * rounding to 14 significant digits).
 */
import * as bitcoin from '../../src/core/bitcoin';
import * as mining from '../../src/core/mining';
import { findTemplate } from '../../src/templates';
import { BTC_AXIS, HASHRATE_AXIS } from '../../src/templates/keep-mining';
import { cellRef } from '../../src/templates/plan';
import { Inserted } from './helpers';
import { formatColor, formatValue } from '../../src/workbench/numfmt';

const template = findTemplate('keep-mining')!;

function expectClose(actual: unknown, expected: unknown) {
  expect(typeof actual).toBe('number');
  expect(typeof expected).toBe('number');
  expect(Math.abs((actual as number) - (expected as number))).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected as number)));
}

function checkOutputs(t: Inserted) {
  const n = (k: string) => t.num(k);
  const hp = mining.hashprice(n('btc_price'), n('network_hashrate'), n('fees'), n('subsidy')) as number;
  expectClose(n('hashprice'), hp);
  expectClose(n('hashvalue'), mining.hashvalue(n('network_hashrate'), n('fees'), n('subsidy')));
  const ph = mining.fleetHashrate(n('site_mw'), n('efficiency'), n('uptime')) as number;
  expectClose(n('site_hashrate'), ph);
  expectClose(n('revenue_per_day'), ph * hp * (1 - n('pool_fee')));
  // Power cost two ways: MW x 24 h x uptime x price, and hashcost x site hashrate.
  expectClose(n('power_cost_per_day'), n('site_mw') * 1000 * 24 * n('uptime') * n('power_price'));
  expectClose(n('power_cost_per_day'), (mining.hashcost(n('efficiency'), n('power_price')) as number) * ph);
  expectClose(n('margin_per_day'), ph * hp * (1 - n('pool_fee')) - n('site_mw') * 24000 * n('uptime') * n('power_price'));
  expectClose(n('shutdown_price'), mining.breakevenPrice(n('efficiency'), n('power_price'), n('network_hashrate'), n('fees'), n('subsidy'), n('pool_fee')));
  expectClose(n('breakeven_power'), mining.breakevenPower(n('efficiency'), hp, n('pool_fee')));
  expectClose(n('breakeven_efficiency'), mining.breakevenEfficiency(hp, n('power_price'), n('pool_fee')));
  expectClose(n('revenue_per_mwh'), mining.miningRevenuePerMwh(hp, n('efficiency'), n('pool_fee')));
}

describe('keep-mining in the engine', () => {
  test('outputs equal the core functions of the input cells', async () => {
    checkOutputs(await Inserted.of(template));
  });

  test('defaults: subsidy is the one at height 840,000, and hashprice is near the late-Nov 2025 record low', async () => {
    const t = await Inserted.of(template);
    expect(t.num('subsidy')).toBe(bitcoin.subsidy(840_000));
    // Hashprice ~$35/PH/day in late November 2025 (record low; Hashrate Index); BTC $87,000 and
    // 1,075 EH/s give $36.65: within 10%.
    expect(Math.abs(t.num('hashprice') / 35 - 1)).toBeLessThan(0.1);
    // At the shutdown price, revenue after the pool fee equals the power cost (shutdown identity).
    t.set('btc_price', t.num('shutdown_price'));
    expect(Math.abs(t.num('margin_per_day'))).toBeLessThan(1e-6);
    expect(t.at(t.refOf('margin_pct'))).toBeCloseTo(0, 9);
  });

  test('ready to change: new inputs flow through every output, and the verdict turns', async () => {
    const t = await Inserted.of(template);
    const verdict = template.sheets[0].cells.find((c) => c.name === 'verdict')!;
    const shown = () => ({ text: formatValue(t.num('verdict'), verdict.format), red: formatColor(t.num('verdict'), verdict.format) });
    expect(shown()).toEqual({ text: 'Keep mining', red: undefined });
    t.set('btc_price', 40_000);
    t.set('power_price', 0.07);
    t.set('efficiency', 24);
    checkOutputs(t);
    expect(t.num('margin_per_day')).toBeLessThan(0);
    // Bad news, in red (only now).
    expect(shown()).toEqual({ text: 'Curtail', red: '#FF0000' });
  });

  test('the sensitivity grid is hashprice over its BTC price and hashrate axes', async () => {
    const t = await Inserted.of(template);
    const axis = template.sheets[0].cells.find((c) => c.value === HASHRATE_AXIS[0] && c.style === 'input' && c.ref !== t.refOf('network_hashrate'))!;
    const { row, col } = { row: Number(axis.ref.slice(1)) - 1, col: 1 };
    HASHRATE_AXIS.forEach((h, j) => {
      expect(t.at(cellRef(row, col + j))).toBe(h);
      BTC_AXIS.forEach((p, i) => {
        expect(t.at(cellRef(row + 1 + i, 0))).toBe(p);
        expectClose(t.at(cellRef(row + 1 + i, col + j)), mining.hashprice(p, h, t.num('fees'), t.num('subsidy')));
      });
    });
  });
});
