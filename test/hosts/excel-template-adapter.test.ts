import { ExcelTemplateAdapter, TemplateInsertError } from '../../src/hosts/excel/template-adapter';
import { findTemplate, insertTemplate } from '../../src/templates';
import { STYLES } from '../../src/templates/styles';
import type { Template } from '../../src/templates/types';
import { FakeExcel } from './fake-excel';

const keepMining = findTemplate('keep-mining')!;

/** A workbook the user already has: one sheet with a value, a formula and a name of its own. */
function userWorkbook(): FakeExcel {
  const sheet = FakeExcel.sheet('Keep mining', { A1: { value: 'my own model' }, B2: { formula: '=A1&"!"', numberFormat: '@' } });
  sheet.names.btc_price = { ref: 'B2' };
  return new FakeExcel([sheet, FakeExcel.sheet('Sheet2', { C3: { value: 42 } })]);
}

function adapterFor(fake: FakeExcel): ExcelTemplateAdapter {
  return new ExcelTemplateAdapter(fake.hosts());
}

const twoSheets: Template = {
  id: 'two-sheets',
  title: 'Two',
  description: 'two sheets',
  asOf: '2025-12-15',
  keyAssumptions: [],
  answers: '',
  sheets: [
    { title: 'In', cells: [{ ref: 'B1', value: 5, name: 'x', style: 'input' }] },
    { title: 'Out', cells: [{ ref: 'A1', formula: "='{{In}}'!B1 * 2" }] },
  ],
};

describe('ExcelTemplateAdapter', () => {
  test('adds a new sheet under a free name; the sheets the user has are untouched', async () => {
    const fake = userWorkbook();
    const before = fake.snapshot();
    const plan = await insertTemplate(keepMining, adapterFor(fake));
    expect(plan.sheets.map((s) => s.name)).toEqual(['Keep mining (2)']);
    const after = fake.snapshot();
    expect(after.sheets.map((s) => s.name)).toEqual(['Keep mining', 'Sheet2', 'Keep mining (2)']);
    expect(after.sheets.slice(0, 2)).toEqual(before.sheets);
    expect(after.active).toBe('Keep mining (2)');
  });

  test('writes values, formulas, formats, styles, sheet-scoped names, widths and freeze panes', async () => {
    const fake = new FakeExcel([FakeExcel.sheet('Sheet1')]);
    await insertTemplate(keepMining, adapterFor(fake));
    const sheet = fake.find('Keep mining')!;
    const planned = keepMining.sheets[0];
    const hashprice = planned.cells.find((c) => c.name === 'hashprice')!;
    expect(sheet.cells[hashprice.ref].formula).toBe('=WATT.HASHPRICE(btc_price, network_hashrate, fees, subsidy)');
    expect(sheet.cells[hashprice.ref].numberFormat).toBe(hashprice.format);
    const btc = planned.cells.find((c) => c.name === 'btc_price')!;
    expect(sheet.cells[btc.ref].value).toBe(87000);
    expect(sheet.cells[btc.ref].fill).toBe(STYLES.input.fill);
    expect(sheet.cells[btc.ref].fontColor).toBe(STYLES.input.fontColor);
    expect(sheet.cells[hashprice.ref].fill).toBe(STYLES.output.fill);
    expect(sheet.cells.A1.bold).toBe(true);
    // Every named cell of the template is a name on the new sheet (sheet scope), at its cell.
    const names = planned.cells.filter((c) => c.name);
    expect(Object.keys(sheet.names).sort()).toEqual(names.map((c) => c.name!).sort());
    for (const c of names) expect(sheet.names[c.name!].ref).toBe(c.ref);
    expect(sheet.names.btc_price.comment).toBe(btc.note);
    // Every formula and value of the template landed in its cell.
    for (const c of planned.cells) {
      if (c.formula) expect(sheet.cells[c.ref].formula).toBe(c.formula);
      else if (c.value !== undefined && c.value !== null) expect(sheet.cells[c.ref].value).toBe(c.value);
    }
    expect(sheet.widths).toEqual(Object.fromEntries(planned.columnWidths!.map((w, i) => [`${String.fromCharCode(65 + i)}:${String.fromCharCode(65 + i)}`, w])));
    // The sensitivity's base case is boxed (style 'highlight'): a medium line on each edge.
    const base = planned.cells.find((c) => c.style === 'highlight' && c.formula?.startsWith('=WATT.HASHPRICE'))!;
    expect(sheet.cells[base.ref].bold).toBe(true);
    for (const edge of ['EdgeTop', 'EdgeBottom', 'EdgeLeft', 'EdgeRight']) {
      expect(sheet.cells[base.ref].borders).toEqual(expect.arrayContaining([`${edge} style Continuous`, `${edge} weight Medium`, `${edge} color ${STYLES.highlight.border}`]));
    }
    expect(sheet.freeze).toBe('rows:2');
  });

  test('a header its right neighbour would clip wraps, and its row is fitted after the widths are set', async () => {
    const fake = new FakeExcel([FakeExcel.sheet('Sheet1')]);
    const comps = findTemplate('comps')!;
    await insertTemplate(comps, adapterFor(fake));
    const sheet = fake.find('Comps')!;
    const ref = comps.sheets[0].cells.find((c) => c.value === 'HPC contracted MW (critical IT)')!.ref;
    expect(sheet.cells[ref]).toMatchObject({ wrapText: true, autofitRows: true });
    // The last header of the row (nothing to its right) and a note are not wrapped.
    expect(sheet.cells.AE7.wrapText).toBeUndefined();
    expect(sheet.cells.A5.wrapText).toBeUndefined();
    // After the template's widths (the page setup, later, may widen a column of long text for print).
    const ops = fake.applied.map((op) => (op.kind === 'set' ? op.prop : op.kind));
    const templateWidths = comps.sheets[0].columnWidths!.length;
    const lastTemplateWidth = ops.findIndex((_, i) => ops.slice(0, i + 1).filter((o) => o === 'columnWidth').length === templateWidths);
    expect(ops.indexOf('autofitRows')).toBeGreaterThan(lastTemplateWidth);
  });

  test('range formats cover their block, and a cell\'s own format wins', async () => {
    const t: Template = { ...twoSheets, sheets: [{ title: 'R', cells: [{ ref: 'B2', value: 1, format: '0.0' }], rangeFormats: [{ range: 'A1:B3', format: '0%' }], freeze: { rows: 1, columns: 2 } }] };
    const fake = new FakeExcel([FakeExcel.sheet('Sheet1')]);
    await insertTemplate(t, adapterFor(fake));
    const sheet = fake.find('R')!;
    expect(sheet.cells.A3.numberFormat).toBe('0%');
    expect(sheet.cells.B2.numberFormat).toBe('0.0');
    expect(sheet.freeze).toBe('at:A1:B1');
  });

  test('a chart of the template is drawn: stacked columns over the series block, the categories named, placed at its anchor', async () => {
    const t: Template = {
      ...twoSheets,
      sheets: [{
        title: 'C',
        cells: [{ ref: 'B1', value: 'mining' }, { ref: 'C1', value: 'hpc' }, { ref: 'A2', value: 'X' }, { ref: 'A3', value: 'Y' }, { ref: 'B2', value: 1 }, { ref: 'C3', value: 2 }],
        charts: [{ type: 'stackedColumn', title: 'Parts', categories: 'A2:A3', series: 'B1:C3', anchor: 'E2', width: 400, height: 250 }],
      }],
    };
    const fake = new FakeExcel([FakeExcel.sheet('Sheet1')]);
    await insertTemplate(t, adapterFor(fake));
    expect(fake.find('C')!.charts).toEqual([{ type: 'ColumnStacked', source: 'B1:C3', seriesBy: 'Columns', title: 'Parts', categories: 'A2:A3', position: 'E2', width: 400, height: 250 }]);
    // A chart whose series and categories differ in length is refused before anything is written.
    const bad: Template = { ...t, sheets: [{ ...t.sheets[0], charts: [{ ...t.sheets[0].charts![0], series: 'B1:C5' }] }] };
    await expect(insertTemplate(bad, adapterFor(fake))).rejects.toThrow('must be one header row plus as many rows as its categories');
  });

  test('keep-mining\'s sensitivity chart (BTC prices at uneven steps) is an XY scatter with lines: every series reads its x values from the BTC axis', async () => {
    const fake = new FakeExcel([FakeExcel.sheet('Sheet1')]);
    const km = findTemplate('keep-mining')!;
    await insertTemplate(km, adapterFor(fake));
    const spec = km.sheets[0].charts![0];
    const [chart] = fake.find('Keep mining')!.charts!;
    expect(chart.type).toBe('XYScatterLines');
    expect(chart.categories).toBeUndefined();
    // One x range per series column of the block (the hashrates, then the breakeven).
    const block = spec.series.split(':').map((ref) => ref.replace(/\d+$/, ''));
    const columns = block[1].charCodeAt(0) - block[0].charCodeAt(0) + 1;
    expect(chart.xValues).toEqual(Array(columns).fill(spec.categories));
    // Every other line chart keeps its categories (a projection's months are even steps).
    const fake2 = new FakeExcel([FakeExcel.sheet('Sheet1')]);
    await insertTemplate(findTemplate('projection')!, adapterFor(fake2));
    expect(fake2.find('Projection')!.charts![0]).toMatchObject({ type: 'Line', categories: expect.any(String) });
  });

  test('number formats are written before values, so Excel keeps text such as "2025-09-25" as text', async () => {
    const fake = new FakeExcel([FakeExcel.sheet('Sheet1')]);
    await insertTemplate(findTemplate('hpc-deals')!, adapterFor(fake));
    const ops = fake.applied.filter((o) => o.kind === 'set' && o.sheet === 'HPC deals' && o.address === 'G6');
    expect(ops.map((o) => (o as { prop: string }).prop).slice(0, 2)).toEqual(['numberFormat', 'value']);
    expect(fake.find('HPC deals')!.cells.G6).toMatchObject({ numberFormat: '@', value: '2025-09-25' });
  });

  test('a second insert gets "(2)", with its own names; the first is left as it was', async () => {
    const fake = new FakeExcel([FakeExcel.sheet('Sheet1')]);
    const adapter = adapterFor(fake);
    await insertTemplate(keepMining, adapter);
    const first = JSON.stringify(fake.find('Keep mining'));
    const plan = await insertTemplate(keepMining, adapter);
    expect(plan.sheets[0].name).toBe('Keep mining (2)');
    expect(JSON.stringify(fake.find('Keep mining'))).toBe(first);
    expect(Object.keys(fake.find('Keep mining (2)')!.names)).toContain('btc_price');
  });

  test('placeholders point at the free name of the template\'s other sheet', async () => {
    const fake = new FakeExcel([FakeExcel.sheet('in')]);
    await insertTemplate(twoSheets, adapterFor(fake));
    expect(fake.find('Out')!.cells.A1.formula).toBe("='In (2)'!B1 * 2");
  });

  test('a failure while writing deletes the sheets it added and rejects clearly; the workbook is as it was', async () => {
    const fake = userWorkbook();
    const before = fake.snapshot();
    fake.failOn = (op) => op.kind === 'set' && op.sheet === 'Out' && op.prop === 'formula';
    const error = await insertTemplate(twoSheets, adapterFor(fake)).catch((e) => e);
    expect(error).toBeInstanceOf(TemplateInsertError);
    expect(error.code).toBe('failed');
    expect(error.message).toMatch(/^Could not insert template two-sheets: The argument is invalid .*\(InvalidArgument\) while writing sheet "Out"; the sheets it had added were deleted and the workbook is as it was\.$/);
    expect(fake.snapshot()).toEqual(before);
    // Both sheets had been added (the batch stopped at the formula); only they were deleted.
    expect(fake.applied.filter((o) => o.kind === 'delete').map((o) => o.sheet)).toEqual(['In', 'Out']);
  });

  test('when the rollback fails too, the message names the sheets to delete by hand', async () => {
    const fake = new FakeExcel([FakeExcel.sheet('Sheet1')]);
    fake.failOn = (op) => op.kind === 'activate';
    fake.failDeletes = true;
    const error = await insertTemplate(twoSheets, adapterFor(fake)).catch((e) => e);
    expect(error.message).toContain('removing the sheets it had added also failed (delete refused): delete the sheets "In", "Out" by hand');
  });

  test('rollback by identity: a sheet of a planned name that someone else added meanwhile survives', async () => {
    const fake = new FakeExcel([FakeExcel.sheet('Sheet1')]);
    // Just before our "Out" is added, someone else adds a sheet named "Out" and types in it.
    fake.beforeSync = (f) => {
      if (f.find('In') && !f.find('Out')) f.addByOther('Out').cells.A1 = { value: 'theirs' };
    };
    const error = await insertTemplate(twoSheets, adapterFor(fake)).catch((e) => e);
    expect(error.code).toBe('failed');
    expect(error.message).toMatch(/while adding sheet "Out"; the sheets it had added were deleted and the workbook is as it was.$/);
    // Our "In" is gone; their "Out" is still there, with what they typed.
    expect(fake.state.sheets.map((s) => s.name)).toEqual(['Sheet1', 'Out']);
    expect(fake.find('Out')!.cells.A1).toEqual({ value: 'theirs' });
    expect(fake.applied.filter((o) => o.kind === 'delete').map((o) => o.sheet)).toEqual(['In']);
  });

  test('rollback by identity: our sheet, renamed meanwhile, is still ours; a new sheet under its old name is not', async () => {
    const fake = new FakeExcel([FakeExcel.sheet('Sheet1')]);
    fake.failOn = (op) => op.kind === 'activate';
    fake.beforeSync = (f) => {
      const ours = f.find('In');
      if (ours && f.find('Out') && !f.find('In (renamed)')) {
        ours.name = 'In (renamed)';
        f.addByOther('In').cells.A1 = { value: 'theirs' };
      }
    };
    await insertTemplate(twoSheets, adapterFor(fake)).catch((e) => e);
    expect(fake.state.sheets.map((s) => s.name)).toEqual(['Sheet1', 'In']);
    expect(fake.find('In')!.cells.A1).toEqual({ value: 'theirs' });
  });

  test('a protected workbook is refused before anything is written', async () => {
    const fake = userWorkbook();
    fake.protectedStructure = true;
    const before = fake.snapshot();
    const error = await insertTemplate(keepMining, adapterFor(fake)).catch((e) => e);
    expect(error).toBeInstanceOf(TemplateInsertError);
    expect(error.code).toBe('protected');
    expect(error.message).toContain('Unprotect it (Review > Protect Workbook)');
    expect(fake.snapshot()).toEqual(before);
  });

  test('an Excel without ExcelApi 1.7 is refused before Excel.run', async () => {
    const fake = userWorkbook();
    fake.apiVersion = 6;
    const error = await insertTemplate(keepMining, adapterFor(fake)).catch((e) => e);
    expect(error.code).toBe('unsupported');
    expect(error.message).toContain('does not support ExcelApi 1.7');
    expect(fake.runs).toBe(0);
  });

  test('a sheet created between reading the state and applying is never overwritten', async () => {
    const fake = new FakeExcel([FakeExcel.sheet('Sheet1')]);
    const adapter = adapterFor(fake);
    const { planInsert } = await import('../../src/templates/plan');
    const plan = planInsert(keepMining, await adapter.readState());
    fake.state.sheets.push(FakeExcel.sheet('KEEP MINING', { A1: { value: 'typed meanwhile' } }));
    const before = fake.snapshot();
    const error = await adapter.apply(plan).catch((e) => e);
    expect(error.code).toBe('name-taken');
    expect(fake.snapshot()).toEqual(before);
  });

  test('without Office.js the adapter says so', async () => {
    await expect(new ExcelTemplateAdapter().readState()).rejects.toThrow('Templates need Excel: Office.js is not loaded on this page.');
  });
});
