/**
 * The hybrid-site template (src/templates/hybrid-site.ts): inserted in the engine, its outputs equal
 * the core's (WATT.HYBRID, HYBRIDTABLE, CURTAIL) on the sheet's own inputs.
 */
import { findTemplate } from '../../src/templates';
import { Inserted } from './helpers';

const template = findTemplate('hybrid-site')!;

test('debug', async () => {
  const t = await Inserted.of(template);
  const cells = template.sheets[0].cells;
  const a = cells.find((c) => c.formula?.startsWith('=WATT.HYBRID('))!;
  console.log(a.ref, a.formula);
  for (const n of ['curtail_hashprice', 'curtail_strike', 'curtail_uptime', 'curtail_power_cost', 'ai_power_cost', 'flexibility_value', 'power_price', 'uptime', 'phasing_vs_now', 'phasing_vs_mine']) console.log(n, t.at(t.refOf(n)));
  const { row } = { row: Number(a.ref.slice(1)) };
  for (let r = row; r < row + 10; r++) console.log(['A', 'B', 'C', 'D', 'E'].map((c) => t.at(`${c}${r}`)));
});
