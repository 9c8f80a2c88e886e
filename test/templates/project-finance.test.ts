import { findTemplate } from '../../src/templates';
import { Inserted } from './helpers';

const template = findTemplate('project-finance')!;

test('probe', async () => {
  const t = await Inserted.of(template);
  console.log(t.errors().slice(0, 20).join('\n'));
  const names = ['capex','debt_rate','rent_first','iota','cfads_first','pv_cfads','debt_dscr','delta','phi','debt_gearing','debt','binding','idc','fee_amount','dsra','total_cost','equity','check_su','min_dscr','avg_dscr','llcr','debt_ebitda','final_balance','project_irr','equity_irr','all_in_debt','equity_npv','equity_multiple'];
  console.log(names.map((n) => `${n} ${JSON.stringify(t.at(t.refOf(n, 1), 1))}`).join('\n'));
  const fc = ['capex','interest_reserve','fee_amount','total_cost','equity','debt_gearing','pv_tail','pv_cfads','debt_dscr','binding','notes_vs_binding','ltc_actual','ltv','min_dscr','avg_dscr','balance_5y','path_gap','balance_maturity','paid_total','project_irr','equity_irr','equity_multiple'];
  console.log(fc.map((n) => `${n} ${JSON.stringify(t.at(t.refOf(n, 2), 2))}`).join('\n'));
});
