/**
 * The conversion-economics functions as a user calls them: through the registry (generated/functions.json)
 * and the HyperFormula engine, with Excel's argument handling (text, booleans, empty cells, ranges).
 */
import fc from 'fast-check';
import { FUNCTIONS } from '../../src/engine/engine';
import { Evaluator, Outcome } from '../../src/engine/evaluate';

const evaluator = new Evaluator();
const evaluate = (formula: string): Outcome => evaluator.evaluate(formula);
const value = (formula: string): number => {
  const o = evaluate(formula);
  if ('error' in o || typeof o.value !== 'number') throw new Error(`${formula}: ${JSON.stringify(o)}`);
  return o.value;
};

// The exact argument order the product specifies (optional ones marked with ?).
const SIGNATURES: Record<string, string[]> = {
  IMPLIEDRENT: ['contract_value', 'term', 'capacity'],
  LEASEREVPERMWH: ['rent', 'pue?'],
  CLOUDREVPERMWH: ['gpu_hour_price', 'kw_per_gpu', 'utilization?', 'pue?'],
  GPUHOURRATE: ['annual_revenue', 'gpus', 'utilization?'],
  LEASENPV: ['capacity', 'rent', 'term', 'discount_rate', 'escalator?', 'noi_margin?', 'prepayment?'],
  SHELLVALUE: ['rent', 'capex', 'cap_rate', 'noi_margin?'],
  ATTACKCOST: ['network_hashrate', 'efficiency', 'power_price', 'hours', 'capex?'],
};

describe('registry', () => {
  it.each(Object.entries(SIGNATURES))('%s is registered with arguments %j', (id, params) => {
    const meta = FUNCTIONS.find((f) => f.id === id);
    expect(meta).toBeDefined();
    expect(meta!.parameters.map((p) => p.name + (p.optional ? '?' : ''))).toEqual(params);
    expect(meta!.description).toBeTruthy();
  });
});

describe('values through the engine', () => {
  it.each<[string, number, number, string]>([
    // [formula, expected, absolute tolerance, source]
    ['=WATT.IMPLIEDRENT(3000000000, 10, 168)', 148.8, 0.1, 'Cipher/Fluidstack $3.0B, 10 y, 168 MW (coa.news 2025-09-25)'],
    ['=WATT.GPUHOURRATE(500000000, 23000)', 2.48, 0.01, 'IREN: 23,000 GPUs towards >$500M annualized revenue'],
    ['=WATT.ATTACKCOST(1000, 20, 0.05, 1)', 1_000_000, 1e-6, 'hand check: 20 GW x 1 h x $50/MWh'],
    ['=WATT.ATTACKCOST(1000, 20, 0.05, 1, 15)', 15_001_000_000, 1e-3, 'hand check: + 10^9 TH/s x $15'],
    ['=WATT.LEASEREVPERMWH(150)', 205.479, 0.001, 'hand check: 150 x 12 x 1000 / 8760'],
    ['=WATT.LEASEREVPERMWH(150, 1.5)', 136.986, 0.001, 'hand check: 205.479 / 1.5'],
    ['=WATT.CLOUDREVPERMWH(2, 1, 0.85, 1.25)', 1360, 1e-9, 'hand check: 2 x 0.85 / 1 x 1000 / 1.25'],
    ['=WATT.CLOUDREVPERMWH(2, 1, 0)', 0, 0, 'idle GPUs earn nothing (utilization 0 is allowed where it does not divide)'],
    ['=WATT.SHELLVALUE(107.843137254902, 11, 0.06794)', 5.19, 0.01, 'Morgan Stanley 2025-09-21, hyperscaler (see test/core/lease.test.ts)'],
    ['=WATT.SHELLVALUE(150.980392156863, 11, 0.08187)', 7.81, 0.01, 'Morgan Stanley 2025-09-21, neocloud'],
    ['=WATT.LEASENPV(100, 150, 10, 0, 0, 0.85, 0.2)', 1_530_000_000, 0, 'zero rate: 0.85 x 150 x 100,000 x 120'],
    ['=WATT.LEASENPV(1, 100, 10.5, 0)', 12_600_000, 0, '10.5 years = 126 months'],
  ])('%s = %p (±%p; %s)', (formula, expected, tolerance, _source) => {
    expect(Math.abs(value(formula) - expected)).toBeLessThanOrEqual(tolerance);
  });

  it('LEASENPV defaults: omitted escalator, margin and prepayment are 0, 1, 0; SHELLVALUE margin defaults to 0.85', () => {
    expect(value('=WATT.LEASENPV(168, 148.8, 10, 0.08)')).toBe(value('=WATT.LEASENPV(168, 148.8, 10, 0.08, 0, 1, 0)'));
    expect(value('=WATT.LEASENPV(168, 148.8, 10, 0.08, , , )')).toBe(value('=WATT.LEASENPV(168, 148.8, 10, 0.08)'));
    expect(value('=WATT.SHELLVALUE(150, 10, 0.07)')).toBe(value('=WATT.SHELLVALUE(150, 10, 0.07, 0.85)'));
  });

  it('IMPLIEDRENT of LEASENPV at a zero rate gives the rent back (the contract value is the sum of rents)', () => {
    expect(value('=WATT.IMPLIEDRENT(WATT.LEASENPV(245, 158.7, 15.25, 0), 15.25, 245)')).toBeCloseTo(158.7, 9);
  });
});

describe('bad input: #VALUE! naming the argument, its unit and range', () => {
  it.each<[string, string, RegExp]>([
    ['=WATT.IMPLIEDRENT("3B", 10, 168)', '#VALUE!', /^contract_value must be a number >= 0 USD \(got text "3B"\)$/],
    ['=WATT.IMPLIEDRENT(3000000000, 0, 168)', '#VALUE!', /^term must be > 0 and <= 100 years \(got 0\)$/],
    ['=WATT.IMPLIEDRENT(3000000000, 101, 168)', '#VALUE!', /^term must be > 0 and <= 100 years/],
    ['=WATT.IMPLIEDRENT(3000000000, 10, 0)', '#VALUE!', /^capacity must be > 0 MW of critical IT \(got 0\)$/],
    ['=WATT.IMPLIEDRENT(3000000000, 10)', '#VALUE!', /^capacity is required/],
    ['=WATT.IMPLIEDRENT(TRUE(), 10, 168)', '#VALUE!', /^contract_value must be a number .*got TRUE/],
    ['=WATT.LEASEREVPERMWH(150, 0.9)', '#VALUE!', /^pue must be from 1 to 3 \(site power \/ IT power\) \(got 0.9\)$/],
    ['=WATT.LEASEREVPERMWH(-1)', '#VALUE!', /^rent must be >= 0 USD per kW per month \(got -1\)$/],
    ['=WATT.CLOUDREVPERMWH(2, 0)', '#VALUE!', /^kw_per_gpu must be > 0 kW of IT per GPU/],
    ['=WATT.CLOUDREVPERMWH(2, 1, 1.2)', '#VALUE!', /^utilization must be from 0 to 1/],
    ['=WATT.GPUHOURRATE(500000000, 0)', '#VALUE!', /^gpus must be > 0 GPUs \(got 0\)$/],
    ['=WATT.GPUHOURRATE(500000000, 23000, 0)', '#VALUE!', /^utilization must be > 0/],
    ['=WATT.LEASENPV(168, 148.8, 10, -1)', '#VALUE!', /^discount_rate must be > -1 \(annual, 0.08 = 8%\) \(got -1\)$/],
    ['=WATT.LEASENPV(168, 148.8, 10, 0.08, -1)', '#VALUE!', /^escalator must be > -1/],
    ['=WATT.LEASENPV(168, 148.8, 10, 0.08, 0, 1.1)', '#VALUE!', /^noi_margin must be from 0 to 1/],
    ['=WATT.LEASENPV(168, 148.8, 10, 0.08, 0, 1, 2)', '#VALUE!', /^prepayment must be from 0 to 1 \(fraction of the contract value\) \(got 2\)$/],
    ['=WATT.SHELLVALUE(150, 10, 0)', '#VALUE!', /^cap_rate must be > 0 and <= 1/],
    ['=WATT.SHELLVALUE(150, -10, 0.07)', '#VALUE!', /^capex must be >= 0 USD per W of critical IT/],
    ['=WATT.ATTACKCOST(1000, 20, 0.05, 0)', '#VALUE!', /^hours must be > 0 hours \(got 0\)$/],
    ['=WATT.ATTACKCOST(0, 20, 0.05, 1)', '#VALUE!', /^network_hashrate must be > 0 EH\/s/],
    ['=WATT.ATTACKCOST(1000, 20, 0.05, 1, -1)', '#VALUE!', /^capex must be >= 0 USD per TH\/s/],
    ['=WATT.LEASENPV(1e300, 1e300, 100, 0)', '#NUM!', /^lease NPV is not a finite number$/],
    ['=WATT.ATTACKCOST(1e300, 1e300, 1, 1)', '#NUM!', /^attack cost is not a finite number$/],
    ['=WATT.CLOUDREVPERMWH(1e300, 1e-300)', '#NUM!', /^cloud revenue per MWh is not a finite number$/],
  ])('%s is %s', (formula, code, message) => {
    const o = evaluate(formula);
    expect(o).toMatchObject({ error: code });
    expect('error' in o && o.message).toMatch(message);
  });
});

describe('never NaN: any mix of odd arguments gives a finite number, #VALUE! or #NUM! with a message', () => {
  // Arguments as typed in a cell. Magnitudes stop at 1e150: any result below about 1e-294 comes back
  // from HyperFormula's export rounding (Exporter.cellValueRounding, 10^(14 - exponent) overflows) as
  // NaN whatever the function (=1e-300 alone does it), an engine matter; overflow to #NUM! is tested
  // above with 1e300 and in the core tests.
  const token = fc.constantFrom('', '"text"', '""', 'TRUE()', 'FALSE()', '-1', '0', '0.5', '1', '12', '150', '-1e150', '1e150', '1e-9', '1e15', '-0.999999', '"5"', 'C3:D4', '{1,2}');
  it.each(Object.entries(SIGNATURES))('%s', (id, params) => {
    fc.assert(
      fc.property(fc.array(token, { minLength: params.length, maxLength: params.length }), (args) => {
        const o = evaluate(`=WATT.${id}(${args.join(',')})`);
        // A range or array in a scalar argument lifts the function cell by cell (dynamic arrays).
        const cells = 'error' in o ? [o] : Array.isArray(o.value) ? o.value.flat() : [o.value];
        for (const cell of cells) {
          if (cell !== null && typeof cell === 'object') {
            expect(['#VALUE!', '#NUM!']).toContain(cell.error);
            expect(cell.message.length).toBeGreaterThan(10);
          } else {
            expect(typeof cell).toBe('number');
            expect(Number.isFinite(cell as number)).toBe(true);
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});
