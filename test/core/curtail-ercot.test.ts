/**
 * WATT.CURTAIL on real prices and against the rest of Watt:
 *  1. data/ercot-hb-west-hourly.csv (ERCOT real-time settlement point prices at the West hub, hourly,
 *     2023-2024; source and transformation in data/README.md and scripts/ercot-prices.ts) is plausible:
 *     8,760 and 8,784 hours, the DST days, known spikes, ERCOT's price bounds; one hour recomputed from
 *     the source's 15-minute prices.
 *  2. Riot's August 2023 (press release of 2023-09-06): $24.2M of power credits, $7.4M of demand
 *     response, 333 BTC. The function on that month's real prices with a Riot-like Rockdale contract
 *     gives power credits of the order Riot reported (the band and why: below).
 *  3. With every price below the strike, nothing is curtailed and CURTAIL's mining revenue and power
 *     cost are WATT.PROJECTION's for the same month (the mapping: below), fast-check on the fixed seed.
 */
import fc from 'fast-check';
import { readFileSync } from 'fs';
import { join } from 'path';
import { checkSeries, CSV_PATH, hourly, readCsv } from '../../scripts/ercot-prices';
import { curtailPrices, CurtailResult } from '../../src/core/curtail';
import { isError } from '../../src/core/errors';
import { projectMonths } from '../../src/core/projection';
import { isClose } from '../helpers/tolerance';

const rows = readCsv(readFileSync(CSV_PATH, 'utf8'));
const month = (prefix: string) => rows.filter((r) => r.deliveryDate.startsWith(prefix)).map((r) => r.price);
const ok = <T>(r: T): Exclude<T, { code: string }> => {
  if (isError(r)) throw new Error(r.message);
  return r as Exclude<T, { code: string }>;
};

describe('data/ercot-hb-west-hourly.csv', () => {
  test('passes the extraction script\'s checks: 8,760 hours in 2023, 8,784 in 2024, 23- and 25-hour DST days, prices within -251 to 6,000 USD/MWh', () => {
    expect(checkSeries(rows)).toEqual([]);
    expect(rows.length).toBe(8760 + 8784);
    expect(rows[0]).toMatchObject({ deliveryDate: '2023-01-01', hourEnding: 1, hourStartUtc: Date.UTC(2023, 0, 1, 6) });
    expect(rows[rows.length - 1]).toMatchObject({ deliveryDate: '2024-12-31', hourEnding: 24, hourStartUtc: Date.UTC(2025, 0, 1, 5) });
  });

  test('one hour recomputed by hand from the source\'s 15-minute prices', () => {
    // melonmelonz/fluxcore @62c0cf4a, public/data/archive/HB_WEST/2023-08.json, the first four intervals
    // (t = 1690866000000 = 2023-08-01 05:00 UTC = 00:00 CDT): 24.44, 24.59, 24.20, 23.83 -> mean 24.265.
    const he1 = rows.find((r) => r.deliveryDate === '2023-08-01' && r.hourEnding === 1)!;
    expect(he1.hourStartUtc).toBe(1690866000000);
    expect(he1.text).toBe('24.265');
    // the transformation itself: four intervals an hour, labelled in Central time
    const t0 = Date.UTC(2023, 10, 5, 5); // 2023-11-05 00:00 CDT: the fall-back day
    const quarter = (h: number, p: number) => [0, 1, 2, 3].map((k) => ({ t: t0 + h * 3_600_000 + k * 900_000, price: p }));
    const out = hourly([...quarter(0, 10), ...quarter(1, 20.01), ...quarter(2, -0.03)]);
    expect(out.map((r) => [r.deliveryDate, r.hourEnding, r.repeated, r.text])).toEqual([
      ['2023-11-05', 1, false, '10'],
      ['2023-11-05', 2, false, '20.01'],
      ['2023-11-05', 2, true, '-0.03'],
    ]);
  });

  test('known price events are there', () => {
    // 2023-09-06: ERCOT declared an Energy Emergency Alert level 2, its first since the 2021 winter storm,
    // around 7:30 pm CDT (Texas Public Radio and WFAA, 2023-09-06); the hour ending 20:00 is the year's
    // highest hourly price at the West hub, a little above the $5,000 system-wide cap (a hub's settlement
    // point price adds its congestion to the system price).
    const sep6 = rows.find((r) => r.deliveryDate === '2023-09-06' && r.hourEnding === 20)!;
    expect(sep6.price).toBe(5257.575);
    expect(Math.max(...month('2023'))).toBe(5257.575);
    // August 2023, the heat wave of Riot's month: a monthly average of 196.37 USD/MWh, ten times a quiet month's
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(month('2023-08'))).toBeCloseTo(196.3676, 3);
    expect(mean(month('2023-04'))).toBeLessThan(20);
    // 2024 had no scarcity event as deep: no hour above 3,100 USD/MWh; wind hours below zero in both years
    expect(Math.max(...month('2024'))).toBe(3056.645);
    expect(Math.min(...month('2023'))).toBeLessThan(0);
    expect(Math.min(...month('2024'))).toBeLessThan(0);
  });
});

test('docs/flexible-load.md\'s table: a 100 MW site at 17.5 J/TH, $50 per PH/s per day, 2% pool fee, buying at the hub, 2023 and 2024', () => {
  const year = (y: string) => ok(curtailPrices(month(y), { hashprice: 50, efficiency: 17.5, poolFee: 0.02, ppaPrice: 0, sellBack: 1, siteMw: 100, intervalHours: 1, drPrice: 0 })) as CurtailResult;
  const shown = (r: CurtailResult) => [
    Number((r.uptime * 100).toFixed(1)), r.hours_curtailed, Number((r.total / 1e6).toFixed(2)), Number((r.always_on_total / 1e6).toFixed(2)),
    Number((r.flexibility_value / 1e6).toFixed(2)), Number(r.ai_avg_power_cost.toFixed(2)),
  ];
  expect(year('2023').strike).toBeCloseTo(116.67, 2);
  expect(shown(year('2023'))).toEqual([96.1, 339, 77.95, 58.89, 19.07, 49.45]);
  expect(shown(year('2024'))).toEqual([98.3, 147, 81.56, 78.37, 3.19, 27.45]);
});

describe("Riot's August 2023 (press release 2023-09-06: $24.2M power credits, $7.4M demand response, 333 BTC)", () => {
  // Contract: Riot's Rockdale PPA is 345 MW of long-term fixed-price power (10-Q for Q3 2023, Note 8:
  // 130 + 65 + 150 MW), which Riot may sell back when the spot price makes it worth more than mining.
  // Its price is not disclosed: we assume 25 USD/MWh (Riot reported a net power rate of 2.9 c/kWh for Q1
  // 2022, all components). The fixed price does not enter the power credits (the block is paid for in
  // every hour either way); it only moves the total.
  // Hashprice: from Riot's own August figures, 333 BTC at an average operating hash rate of 4.5 EH/s
  // (Riot's August 2024 update, August 2023 column) over 31 days is 0.002387 BTC per PH/s per day; at the
  // month's average BTC price implied by "$31.7M equated to approximately 1,136 bitcoin" ($27,905) that is
  // 66.61 USD per PH/s per day, net of the pool's fee (so pool_fee 0).
  // Efficiency: 30 J/TH, Riot's 2023 fleet of Antminer S19-series machines (S19j Pro 29.5 J/TH).
  const hashprice = (333 / 31 / 4.5 / 1000) * (31.7e6 / 1136);
  const aug = month('2023-08');
  const riot = (x: Partial<Parameters<typeof curtailPrices>[1]> = {}) =>
    ok(curtailPrices(aug, { hashprice, efficiency: 30, poolFee: 0, ppaPrice: 25, sellBack: 1, siteMw: 345, intervalHours: 1, drPrice: 0, ...x })) as CurtailResult;

  test('power credits of the order Riot reported: between $24.2M and twice that', () => {
    const r = riot();
    expect(aug.length).toBe(744);
    expect(r.strike).toBeCloseTo(92.52, 2); // USD/MWh: Riot's machines stop above it
    // Band: the model sells the whole 345 MW block in every hour above the strike, at the West hub's
    // hourly price. That is an upper bound of what Riot could sell: MW it committed to demand response
    // (ERCOT's Responsive Reserve pays a load resource to stay on and be ready to drop) cannot also be
    // sold back, Rockdale's own node (in Oncor's territory, not the West hub) differs by congestion, and
    // Riot's curtailment follows 15-minute prices and its own rules. So the credits must be at least
    // Riot's $24.2M and within a factor of two of it (computed: $43.4M; with the North hub's August
    // prices from the same source, $43.9M). A model an order of magnitude off would fail.
    expect(r.power_credits).toBeGreaterThanOrEqual(24.2e6);
    expect(r.power_credits).toBeLessThanOrEqual(2 * 24.2e6);
    expect(r.power_credits).toBeCloseTo(43.39e6, -4);
    // the credits do not depend on the fixed price assumed
    expect(riot({ ppaPrice: 35 }).power_credits).toBe(r.power_credits);
  });

  test('demand response is an input, kept apart from power credits: $7.4M is 21,046 USD per MW-month on 345 MW', () => {
    const drPrice = 7.4e6 / (345 * (744 / 730));
    const r = riot({ drPrice });
    expect(r.dr_revenue).toBeCloseTo(7.4e6, 0);
    expect(r.power_credits).toBe(riot().power_credits);
    expect(r.flexibility_value - riot().flexibility_value).toBeCloseTo(7.4e6, 0);
  });

  test('an AI load of the same 345 MW on the same contract pays the fixed price in every hour; the miner nets a negative power cost', () => {
    const r = riot();
    expect(r.ai_avg_power_cost).toBe(25);
    // Riot reported an all-in power cost of (15.8) c/kWh at Rockdale for August 2023 (its August 2024
    // update): negative, as here, where credits exceed the cost of the block.
    expect(r.avg_power_cost).toBeLessThan(0);
  });
});

test('prices all below the strike: nothing curtailed, and mining revenue and power cost equal WATT.PROJECTION\'s month', () => {
  // Mapping: PROJECTION with months = 1 and uptime 1 projects one calendar month of d days; CURTAIL
  // over d x 24 hourly prices, each the projection's power_price x 1000 (USD per kWh to USD per MWh),
  // with hashprice = that month's hashprice column (gross, before the pool fee), the same efficiency,
  // pool_fee and site_mw, no fixed-price contract: mining_revenue = revenue and power_cost = power_cost.
  fc.assert(
    fc.property(
      fc.record({
        start: fc.integer({ min: 45292, max: 54000 }),
        btc: fc.double({ min: 10_000, max: 500_000, noNaN: true }),
        network: fc.double({ min: 200, max: 3000, noNaN: true }),
        mw: fc.double({ min: 1, max: 1000, noNaN: true }),
        efficiency: fc.double({ min: 10, max: 40, noNaN: true }),
        poolFee: fc.double({ min: 0, max: 0.05, noNaN: true }),
        fraction: fc.double({ min: 0, max: 0.999, noNaN: true }),
      }),
      (x) => {
        const draft = { start_date: x.start, btc_price: x.btc, btc_price_growth: 0, network_hashrate: x.network, network_hashrate_growth: 0, fees: 0, site_mw: x.mw, efficiency: x.efficiency, uptime: 1, pool_fee: x.poolFee, other_cost: 0 };
        const [row0] = ok(projectMonths({ ...draft, power_price: 0 }, 1));
        const strike = (row0.hashprice * (1 - x.poolFee)) / (24 * x.efficiency) * 1000;
        const powerPrice = (x.fraction * strike) / 1000; // USD per kWh, below the strike
        const [row] = ok(projectMonths({ ...draft, power_price: powerPrice }, 1));
        const prices = new Array<number>(row.days * 24).fill(powerPrice * 1000);
        const r = ok(curtailPrices(prices, { hashprice: row.hashprice, efficiency: x.efficiency, poolFee: x.poolFee, ppaPrice: 0, sellBack: 1, siteMw: x.mw, intervalHours: 1, drPrice: 0 })) as CurtailResult;
        expect(r.uptime).toBe(1);
        expect(r.hours_curtailed).toBe(0);
        expect(isClose(r.mining_revenue, row.revenue, 1e-12)).toBe(true);
        expect(isClose(r.power_cost, row.power_cost, 1e-12)).toBe(true);
        expect(isClose(r.total, row.gross_margin, 1e-9, { scale: row.revenue })).toBe(true);
      },
    ),
  );
});

test('the data file is the one the docs and the bench read', () => {
  expect(CSV_PATH).toBe(join(__dirname, '..', '..', 'data', 'ercot-hb-west-hourly.csv'));
});
