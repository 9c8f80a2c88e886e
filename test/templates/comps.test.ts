/**
 * comps: every non-empty input is a figure that appears in its listed-miners.csv field; every field
 * the CSV gives as unknown or n/a is empty and marked; ratios are formulas that stay blank (never an
 * error) when an input is empty, and compute EV / x otherwise.
 */
import { findTemplate } from '../../src/templates';
import { COMPS_FIRST_ROW, COMPS_INPUTS } from '../../src/templates/comps';
import { LISTED_COMPANIES } from '../../src/templates/data/listed-miners';
import { Inserted, readCsv } from './helpers';

const template = findTemplate('comps')!;
const csv = readCsv('listed-miners.csv');
const COLUMN: Record<string, string> = {
  operatingMw: 'energized_or_operating_MW',
  pipelineMw: 'total_power_pipeline_MW',
  hpcContractedMw: 'HPC_contracted_critical_IT_MW',
  ehs: 'EH_s',
  efficiencyJth: 'fleet_eff_J_TH',
  marketCapUsd: 'market_cap_usd',
};

/** Every figure written in a field: "~2910 MW" → 2910, "10.37B" → 1.037e10, ">1000" → 1000. */
function figures(text: string): number[] {
  return [...text.matchAll(/(\d+(?:\.\d+)?)(B\b)?/g)].map((m) => Number(m[1]) * (m[2] ? 1e9 : 1));
}

describe('comps', () => {
  test('the companies of the brief, in order, each with its as-of and sources', () => {
    expect(LISTED_COMPANIES.map((c) => c.ticker)).toEqual(['IREN', 'CIFR', 'RIOT', 'CORZ', 'MARA', 'HUT', 'CLSK', 'BTDR', 'HIVE', 'WULF', 'BITF', 'APLD', 'GLXY', 'CRWV', 'NBIS']);
    expect(csv.map((r) => r.ticker)).toEqual(LISTED_COMPANIES.map((c) => c.ticker));
    LISTED_COMPANIES.forEach((c, i) => expect(c.asOfAndSources).toBe(csv[i].as_of_and_sources));
  });

  test('every non-empty input is a figure of its CSV field; unknown / n/a fields are empty', () => {
    LISTED_COMPANIES.forEach((c, i) => {
      for (const { field } of COMPS_INPUTS) {
        const text = csv[i][COLUMN[field]];
        expect(c.raw[field]).toBe(text);
        const value = c[field];
        if (/^(unknown|n\/a)/i.test(text.trim())) expect({ who: `${c.ticker} ${field}`, value }).toEqual({ who: `${c.ticker} ${field}`, value: null });
        if (value !== null) expect({ who: `${c.ticker} ${field}`, ok: figures(text).some((f) => Math.abs(f - value) <= 1e-9 * Math.max(1, value)) }).toEqual({ who: `${c.ticker} ${field}`, ok: true });
        else expect(c.notes[field]).toMatch(/^unknown in source/);
      }
    });
  });

  test('in the sheet: inputs as in the data, empty cells empty and marked, ratios blank or EV / x', async () => {
    const t = await Inserted.of(template);
    expect(t.errors()).toEqual([]);
    LISTED_COMPANIES.forEach((c, i) => {
      const row = COMPS_FIRST_ROW + i;
      expect(t.at(`A${row}`)).toBe(c.ticker);
      for (const { field, col } of COMPS_INPUTS) {
        expect(t.at(`${col}${row}`)).toBe(c[field]);
        if (c[field] === null) {
          expect(String(t.at(`P${row}`))).toContain(`: unknown in source`);
          const cell = template.sheets[0].cells.find((x) => x.ref === `${col}${row}`)!;
          expect(cell.note).toMatch(/^unknown in source/);
          expect(cell.style).toBe('input');
        }
      }
      expect(t.at(`I${row}`)).toBeNull(); // net debt: an empty input column, marked
      const ev = c.marketCapUsd;
      expect(t.at(`J${row}`)).toBe(ev === null ? '' : ev);
      const ratio = (den: number | null, scale = 1e6) => (ev === null || den === null || den === 0 ? '' : ev / den / scale);
      const expectRatio = (ref: string, want: number | string) =>
        typeof want === 'string' ? expect(t.at(ref)).toBe(want) : expect(Math.abs((t.at(ref) as number) - want)).toBeLessThanOrEqual(1e-9 * want);
      expectRatio(`K${row}`, ratio(c.operatingMw));
      expectRatio(`L${row}`, ratio(c.pipelineMw));
      expectRatio(`M${row}`, ratio(c.hpcContractedMw));
      expectRatio(`N${row}`, ratio(c.ehs));
      const share = c.hpcContractedMw === null || c.operatingMw === null || c.operatingMw === 0 ? '' : c.hpcContractedMw / c.operatingMw;
      expectRatio(`O${row}`, share);
      expect(t.at(`Q${row}`)).toBe(c.asOfAndSources);
    });
  });

  test('entering net debt turns market cap into EV; the median row follows', async () => {
    const t = await Inserted.of(template);
    const row = COMPS_FIRST_ROW + 3; // CORZ: 1400 MW, market cap 4.5B
    const before = t.at(`K${row}`) as number;
    t.hf.setCellContents({ sheet: t.sheetId(), row: row - 1, col: 8 }, [[1.1e9]]);
    expect(t.at(`J${row}`)).toBe(5.6e9);
    expect(t.at(`K${row}`)).toBeCloseTo((5.6e9 / 1400) / 1e6, 12);
    expect(t.at(`K${row}`)).not.toBe(before);
    expect(t.errors()).toEqual([]);
  });
});
