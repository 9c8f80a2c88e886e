import { createEngine } from '../src/engine/engine';
const tryF = (label: string, f: string) => {
  const hf = createEngine(); hf.addSheet('S');
  hf.suspendEvaluation();
  try { hf.setCellContents({ sheet: 0, row: 0, col: 0 }, [[f]]); } catch (e) { return `${label}: parse throw`; }
  try { hf.resumeEvaluation(); return `${label}: ok ${String(hf.getCellValue({ sheet: 0, row: 0, col: 0 })).slice(0, 20)}`; } catch (e) { return `${label}: EVAL throw`; }
};
test('probe', () => {
  const out: string[] = [];
  for (const d of [100, 150, 200, 250, 280]) out.push(tryF('ABS' + d, '=' + 'ABS('.repeat(d) + '1' + ')'.repeat(d)));
  for (const d of [100, 150, 200, 250, 280]) out.push(tryF('IF' + d, '=' + 'IF(TRUE,'.repeat(d) + '1' + ',0)'.repeat(d)));
  for (const d of [100, 200, 250, 280]) out.push(tryF('par' + d, '=' + '('.repeat(d) + '1' + ')'.repeat(d)));
  for (const n of [600, 800, 1000, 1200, 1400]) out.push(tryF('ops' + n, '=' + Array(n).fill('1').join('+')));
  for (const n of [600, 800, 1000, 1200]) out.push(tryF('mix' + n, '=' + Array(n).fill('A1*2').join('+')));
  for (const n of [600, 1000, 1400, 2000]) out.push(tryF('cat' + n, '=' + Array(n).fill('"a"').join('&')));
  for (const n of [1000, 3000]) out.push(tryF('pow' + n, '=' + Array(n).fill('1').join('^')));
  for (const n of [200, 400]) out.push(tryF('negs' + n, '=' + '-'.repeat(n) + '1'));
  console.log(out.join('\n'));
});
