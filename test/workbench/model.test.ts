/**
 * The workbench's workbook model: cells as the grid shows them, inputs parsed as Excel parses typing,
 * only inputs editable on template sheets, and spilled tables resized when an input changes their size.
 */
import { ArraySize, FunctionArgumentType, FunctionPlugin, HyperFormula, SimpleRangeValue } from 'hyperformula';
import { createEngine } from '../../src/engine/engine';
import { EngineTemplateAdapter } from '../../src/engine/template-adapter';
import { findTemplate, insertTemplate } from '../../src/templates';
import { WorkbookModel } from '../../src/workbench/model';

/**
 * A table function sized like the engine sizes WATT tables (evaluating its argument when the formula
 * is entered): TESTROWS(n) spills n rows of 1..n.
 */
class TestRows extends FunctionPlugin {
  static implementedFunctions = {
    TESTROWS: { method: 'testrows', sizeOfResultArrayMethod: 'testrowsSize', parameters: [{ argumentType: FunctionArgumentType.NUMBER }], vectorizationForbidden: true },
  };
  testrows(ast: any, state: any) {
    return this.runFunction(ast.args, state, this.metadata('TESTROWS'), (n: number) => SimpleRangeValue.onlyValues(Array.from({ length: Math.max(1, Math.floor(n)) }, (_, i) => [i + 1])));
  }
  testrowsSize(ast: any, state: any) {
    const n = Number((this as any).evaluateAst(ast.args[0], state));
    return new ArraySize(1, Math.max(1, Math.floor(Number.isFinite(n) ? n : 1)));
  }
}
HyperFormula.registerFunctionPlugin(TestRows as any, { enGB: { TESTROWS: 'TESTROWS' }, enUS: { TESTROWS: 'TESTROWS' } } as any);

function plainModel(tableFunctions = ['TESTROWS']) {
  const hf = createEngine();
  hf.addSheet('Sheet1');
  return new WorkbookModel(hf, new EngineTemplateAdapter(hf), tableFunctions);
}

describe('parseInput (as Excel parses what is typed)', () => {
  test.each([
    ['', undefined, null],
    ['42', undefined, 42],
    ['1,234.5', undefined, 1234.5],
    ['$87,000', undefined, 87000],
    ['(5)', undefined, -5],
    ['12%', undefined, 0.12],
    ['12', '0.0%', 0.12],
    ['0.5', '0.0%', 0.5],
    ['1e3', undefined, 1000],
    ['TRUE', undefined, true],
    ['=1+1', undefined, '=1+1'],
    ['2024-04-20', 'yyyy-mm-dd', 45402],
    ['2024-02-30', 'yyyy-mm-dd', '2024-02-30'],
    ['12 MW', undefined, '12 MW'],
  ])('%p (format %p) → %p', (text, format, expected) => {
    expect(WorkbookModel.parseInput(text, format)).toEqual(expected);
  });
});

test('a spilled table resizes when the input that sets its size changes, and dependents follow', () => {
  const model = plainModel();
  expect(model.edit('Sheet1', 0, 0, '3')).toEqual({ ok: true, resized: [] });
  expect(model.edit('Sheet1', 0, 1, '=TESTROWS(A1)').ok).toBe(true);
  expect(model.edit('Sheet1', 0, 2, '=SUM(B1:B100)').ok).toBe(true);
  expect(model.spills('Sheet1')).toEqual([{ row: 0, col: 1, rows: 3, cols: 1, formula: '=TESTROWS(A1)' }]);
  expect(model.cell('Sheet1', 0, 2).value).toBe(6);

  const grown = model.edit('Sheet1', 0, 0, '5');
  expect(grown).toEqual({ ok: true, resized: ['Sheet1!B1'] });
  expect(model.spills('Sheet1')[0].rows).toBe(5);
  expect(model.cell('Sheet1', 4, 1).value).toBe(5);
  expect(model.cell('Sheet1', 4, 1).spill).toEqual({ anchor: 'B1', formula: '=TESTROWS(A1)' });
  expect(model.cell('Sheet1', 0, 2).value).toBe(15);

  expect(model.edit('Sheet1', 0, 0, '2')).toEqual({ ok: true, resized: ['Sheet1!B1'] });
  expect(model.cell('Sheet1', 2, 1).kind).toBe('empty');
  expect(model.cell('Sheet1', 0, 2).value).toBe(3);
});

test('without re-entry the engine keeps the old size (why the model re-enters)', () => {
  const model = plainModel([]);
  model.edit('Sheet1', 0, 0, '3');
  model.edit('Sheet1', 0, 1, '=TESTROWS(A1)');
  model.edit('Sheet1', 0, 0, '5');
  expect(model.spills('Sheet1')[0].rows).toBe(3);
});

test('template sheets: inputs edit and recalculate, calculated cells refuse, errors carry their message', async () => {
  const hf = createEngine();
  const adapter = new EngineTemplateAdapter(hf);
  const model = new WorkbookModel(hf, adapter);
  const template = findTemplate('keep-mining')!;
  await insertTemplate(template, adapter);
  const cells = template.sheets[0].cells;
  const ref = (name: string) => cells.find((c) => c.name === name)!.ref;
  const pos = (a1: string) => ({ row: Number(a1.slice(1)) - 1, col: a1.charCodeAt(0) - 65 });
  const btc = pos(ref('btc_price'));
  const hp = pos(ref('hashprice'));

  const before = model.cell('Keep mining', hp.row, hp.col);
  expect(before.formula).toBe('=WATT.HASHPRICE(btc_price, network_hashrate, fees, subsidy)');
  expect(before.editable).toBe(false);
  expect(model.cell('Keep mining', btc.row, btc.col).text).toBe('$87,000');
  expect(model.editText('Keep mining', btc.row, btc.col)).toBe('87000');

  expect(model.edit('Keep mining', btc.row, btc.col, '$174,000').ok).toBe(true);
  const after = model.cell('Keep mining', hp.row, hp.col);
  // Hashprice is proportional to the BTC price: doubling it doubles hashprice.
  expect((after.value as number) / (before.value as number)).toBeCloseTo(2, 12);

  const refused = model.edit('Keep mining', hp.row, hp.col, '1');
  expect(refused.ok).toBe(false);

  expect(model.edit('Keep mining', btc.row, btc.col, '-1').ok).toBe(true);
  const error = model.cell('Keep mining', hp.row, hp.col);
  expect(error.kind).toBe('error');
  expect(error.text).toBe('#VALUE!');
  expect(error.error!.message).toMatch(/btc_price/);
  expect(model.editText('Keep mining', pos(ref('uptime')).row, 1)).toBe('95%');
});
