/**
 * keep-mining: every output equals the pure core computed directly from the sheet's input cells, at
 * the defaults and after the user changes inputs. Tolerance: 1e-9 relative (same arithmetic, engine
 * rounding to 14 significant digits).
 */
import * as bitcoin from '../../src/core/bitcoin';
import * as mining from '../../src/core/mining';
import { findTemplate } from '../../src/templates';
import fc from 'fast-check';
import { axisPoints, BTC_AXIS, BTC_STEPS, HASHRATE_AXIS, HASHRATE_STEPS } from '../../src/templates/keep-mining';
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
    const { row, col } = gridAt(t);
    // The axes at the defaults: $87,000 x (0.7, 0.8, 0.9, 1, 1.15, 1.35, 1.75) and 1,075 EH/s x (0.8, 0.9, 1, 1.1, 1.25).
    expect(BTC_AXIS.map((x) => Math.round(x))).toEqual([60_900, 69_600, 78_300, 87_000, 100_050, 117_450, 152_250]);
    expect(HASHRATE_AXIS.map((x) => Math.round(x * 100) / 100)).toEqual([860, 967.5, 1_075, 1_182.5, 1_343.75]);
    HASHRATE_AXIS.forEach((h, j) => {
      expectClose(t.at(cellRef(row, col + j)), h);
      BTC_AXIS.forEach((p, i) => {
        expectClose(t.at(cellRef(row + 1 + i, 0)), p);
        expectClose(t.at(cellRef(row + 1 + i, col + j)), mining.hashprice(p, h, t.num('fees'), t.num('subsidy')));
      });
    });
  });

  /** The axes and the boxed base case as the sheet shows them after setting the inputs. */
  function axes(t: Inserted): { btc: unknown[]; hashrate: unknown[]; boxed: unknown[] } {
    const { row, col } = gridAt(t);
    const btc = BTC_STEPS.map((_s, i) => t.at(cellRef(row + 1 + i, 0)));
    const hashrate = HASHRATE_STEPS.map((_s, j) => t.at(cellRef(row, col + j)));
    const cells = template.sheets[0].cells.filter((c) => c.style === 'highlight').map((c) => t.at(c.ref));
    return { btc, hashrate, boxed: cells };
  }
  const strictlyIncreasing = (xs: unknown[]) => xs.every((x, i) => typeof x === 'number' && (i === 0 || x > (xs[i - 1] as number)));

  test('the axes stay sorted and unique whatever the base case, the base boxed where it falls', async () => {
    const t = await Inserted.of(template);
    // BTC $130k (the case: a fixed axis with the base inserted read $80k, $130k, $100k) and $100k
    // (which a fixed axis held twice); hashrate 1,400 EH/s (above the old axis's last point).
    for (const [btc, hashrate] of [[130_000, 1_075], [100_000, 1_075], [87_000, 1_400], [25_000, 600], [1, 0.001]]) {
      t.set('btc_price', btc);
      t.set('network_hashrate', hashrate);
      const a = axes(t);
      expect(strictlyIncreasing(a.btc)).toBe(true);
      expect(strictlyIncreasing(a.hashrate)).toBe(true);
      // $130k: $91,000, $104,000, $117,000, $130,000, $149,500, $175,500, $227,500.
      if (btc === 130_000) expect((a.btc as number[]).map((x) => Math.round(x))).toEqual([91_000, 104_000, 117_000, 130_000, 149_500, 175_500, 227_500]);
      // The boxed cells: the base hashrate, the base price, and the hashprice there (= the output).
      expect(a.boxed).toEqual([hashrate, btc, t.num('hashprice')]);
      expect(a.btc[BTC_STEPS.indexOf(0)]).toBe(btc);
      expect(a.hashrate[HASHRATE_STEPS.indexOf(0)]).toBe(hashrate);
    }
  });

  test('property (seed 15): sorted and unique axes for any valid base case', async () => {
    const t = await Inserted.of(template);
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1e9, noNaN: true }), fc.double({ min: 1e-6, max: 1e7, noNaN: true }), (btc, hashrate) => {
        t.set('btc_price', btc);
        t.set('network_hashrate', hashrate);
        const a = axes(t);
        expect(strictlyIncreasing(a.btc)).toBe(true);
        expect(strictlyIncreasing(a.hashrate)).toBe(true);
        (a.btc as number[]).forEach((x, i) => expectClose(x, axisPoints(btc, BTC_STEPS)[i]));
        (a.hashrate as number[]).forEach((x, j) => expectClose(x, axisPoints(hashrate, HASHRATE_STEPS)[j]));
      }),
      { seed: 15, numRuns: 60 },
    );
  });

  test('a BTC price of 0 (valid for the outputs) makes the axis an error naming the range, not seven equal points', async () => {
    const t = await Inserted.of(template);
    t.set('btc_price', 0);
    const a = axes(t);
    expect(a.btc.every((x) => typeof x !== 'number')).toBe(true);
    expect(t.num('hashprice')).toBe(0);
  });
});

/** The grid's hashrate axis row (0-based) and first column: the row above the base BTC price. */
function gridAt(t: Inserted): { row: number; col: number } {
  const base = template.sheets[0].cells.find((c) => c.style === 'highlight' && c.formula?.startsWith('=WATT.CHECK(btc_price'))!;
  return { row: Number(base.ref.slice(1)) - 2 - BTC_STEPS.indexOf(0), col: 1 };
}
