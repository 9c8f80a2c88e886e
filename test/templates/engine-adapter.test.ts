/**
 * EngineTemplateAdapter: applies a plan to HyperFormula all or nothing; the user's sheets stay as they
 * were, names are scoped to their sheet, formats are kept in a side map, failures roll back.
 */
import { createEngine } from '../../src/engine/engine';
import { EngineTemplateAdapter } from '../../src/engine/template-adapter';
import { findTemplate, insertTemplate } from '../../src/templates';
import { planInsert } from '../../src/templates/plan';
import { STYLES } from '../../src/templates/styles';
import { F } from '../../src/templates/builder';
import type { WritePlan } from '../../src/templates/types';
import { Inserted } from './helpers';

const keepMining = findTemplate('keep-mining')!;

function engineWithUserSheet() {
  const hf = createEngine();
  const name = hf.addSheet('Keep mining');
  const id = hf.getSheetId(name)!;
  hf.setCellContents({ sheet: id, row: 0, col: 0 }, [['my model', 10, '=B1*2']]);
  hf.addNamedExpression('btc_price', '=123', id);
  return { hf, id };
}

describe('EngineTemplateAdapter', () => {
  test('adds the template under a free name; the user sheet and its name are untouched', async () => {
    const { hf, id } = engineWithUserSheet();
    const before = hf.getSheetSerialized(id);
    const adapter = new EngineTemplateAdapter(hf);
    const plan = await insertTemplate(keepMining, adapter);
    expect(plan.sheets[0].name).toBe('Keep mining (2)');
    expect(hf.getSheetNames()).toEqual(['Keep mining', 'Keep mining (2)']);
    expect(hf.getSheetSerialized(id)).toEqual(before);
    expect(hf.getNamedExpressionValue('btc_price', id)).toBe(123);
    expect(hf.getNamedExpressionValue('btc_price', hf.getSheetId('Keep mining (2)')!)).toBe(87000);
  });

  test('two inserts have independent sheet-scoped names: changing one leaves the other', async () => {
    const adapter = new EngineTemplateAdapter();
    const a = await Inserted.of(keepMining, adapter);
    const b = await Inserted.of(keepMining, adapter);
    expect(b.plan.sheets[0].name).toBe('Keep mining (2)');
    const hp = a.num('hashprice');
    b.set('btc_price', 43_500);
    expect(a.num('hashprice')).toBe(hp);
    expect(b.num('hashprice')).toBeCloseTo(hp / 2, 9);
  });

  test('keeps formats, styles, notes and names in a side map, range formats expanded', async () => {
    const adapter = new EngineTemplateAdapter();
    const t = await Inserted.of(findTemplate('three-paths')!, adapter);
    const map = adapter.formats.get('Three paths')!;
    const btc = map.get(t.refOf('btc_price'))!;
    expect(btc.style).toBe('input');
    expect(btc.format).toBe('$#,##0;($#,##0)');
    expect(btc.name).toBe('btc_price');
    expect(btc.note).toMatch(/87,000/);
    expect(STYLES[btc.style!].fill).toBe('#FFF2CC');
    const block = findTemplate('three-paths')!.sheets[0].rangeFormats!.find((f) => f.format === F.pct)!;
    const first = block.range.split(':')[0];
    expect(map.get(first)).toEqual({ format: F.pct, style: 'output' });
    expect(adapter.layouts.get('Three paths')!.freeze).toEqual({ rows: 2, columns: 0 });
  });

  test('a failure rolls back the sheets and names it added and says what failed', async () => {
    const { hf, id } = engineWithUserSheet();
    const adapter = new EngineTemplateAdapter(hf);
    const plan: WritePlan = {
      templateId: 'broken',
      sheets: [
        { title: 'A', name: 'A', cells: [{ ref: 'A1', value: 1, name: 'good' }] },
        { title: 'B', name: 'B', cells: [{ ref: 'A1', value: 2, name: 'A1' }] }, // a name HyperFormula refuses
      ],
    };
    const error = await adapter.apply(plan).catch((e) => e);
    expect(error.message).toMatch(/^Cannot insert template broken: failed while naming B!A1 "A1" \(.+\); the sheets added were removed\.$/);
    expect(hf.getSheetNames()).toEqual(['Keep mining']);
    expect(hf.listNamedExpressions(id)).toEqual(['btc_price']);
    expect(hf.getCellValue({ sheet: id, row: 0, col: 2 })).toBe(20);
    expect(adapter.formats.size).toBe(0);
  });

  test('a plan naming an existing sheet is refused before anything is written', async () => {
    const { hf } = engineWithUserSheet();
    const adapter = new EngineTemplateAdapter(hf);
    const plan = planInsert(keepMining, { sheetNames: [] });
    await expect(adapter.apply(plan)).rejects.toThrow('Cannot insert template keep-mining: a sheet named "Keep mining" already exists; nothing was changed.');
    expect(hf.getSheetNames()).toEqual(['Keep mining']);
  });
});
