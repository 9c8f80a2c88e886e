/**
 * Share in Excel (office-addin-mock, the fake Excel of the template adapter's tests): copies of the
 * Watt sheets in native and values mode, notes or comments by Excel version, clash-free names, a
 * failure mid-way rolling back only the copies (by id), a protected workbook, the originals untouched.
 */
import { ExcelShareAdapter, ShareError } from '../../src/hosts/excel/share-adapter';
import { ExcelTemplateAdapter } from '../../src/hosts/excel/template-adapter';
import { findTemplate, insertTemplate } from '../../src/templates';
import { hasWattCall } from '../../src/xlsx/formula';
import { FakeExcel, FakeSheet } from './fake-excel';

const keepMining = findTemplate('keep-mining')!;

/** A workbook with the keep-mining template inserted, each formula cell holding a distinct value (as Excel would show), plus a sheet of the user's own. */
async function workbook(): Promise<FakeExcel> {
  const fake = new FakeExcel([FakeExcel.sheet('Notes', { A1: { value: 'my own notes' }, B1: { formula: '=1+1', value: 2 } })]);
  await insertTemplate(keepMining, new ExcelTemplateAdapter(fake.hosts()));
  let n = 1000;
  for (const cell of Object.values(fake.find('Keep mining')!.cells)) if (cell.formula) cell.value = n++;
  fake.state.active = 'Notes';
  return fake;
}

const share = (fake: FakeExcel, mode: 'native' | 'values', scope: 'watt' | 'active' = 'watt') => new ExcelShareAdapter(fake.hosts()).share({ mode, scope });
const formulaCells = (s: FakeSheet) => Object.entries(s.cells).filter(([, c]) => c.formula !== undefined);

describe('ExcelShareAdapter', () => {
  test('native: a copy of each Watt sheet in Excel\'s own functions; formats and names come with it; the originals are untouched', async () => {
    const fake = await workbook();
    fake.apiVersion = 18;
    const before = fake.snapshot();
    const result = await share(fake, 'native');
    expect(result.sheetNames).toEqual(['Keep mining (native)']);
    expect(result.sources).toEqual(['Keep mining']);
    const after = fake.snapshot();
    expect(after.sheets.slice(0, 2)).toEqual(before.sheets);
    expect(after.active).toBe('Keep mining (native)');
    const original = fake.find('Keep mining')!;
    const copy = fake.find('Keep mining (native)')!;
    expect(copy.id).not.toBe(original.id);
    // Every WATT formula of the original is a native formula in the copy, or a value with a note saying why.
    const watt = formulaCells(original).filter(([, c]) => hasWattCall(c.formula!));
    expect(watt.length).toBeGreaterThan(5);
    for (const [ref] of watt) {
      const cell = copy.cells[ref];
      if (cell.note) {
        expect(cell.note).toMatch(/^Value of =WATT\./);
        expect(cell.value).toBe(original.cells[ref].value);
      } else {
        expect(cell.formula).toMatch(/^=/);
        expect(hasWattCall(cell.formula!)).toBe(false);
      }
    }
    expect(result.nativeCells).toBe(watt.filter(([ref]) => !copy.cells[ref].note).length);
    expect(result.nativeCells).toBeGreaterThan(0);
    // Formats, styles, names (re-scoped to the copy), widths and panes: Excel's copy brings them.
    expect(copy.names).toEqual(original.names);
    expect(copy.widths).toEqual(original.widths);
    expect(copy.freeze).toBe(original.freeze);
    for (const [ref, cell] of Object.entries(original.cells)) {
      expect({ ref, format: copy.cells[ref].numberFormat, fill: copy.cells[ref].fill }).toEqual({ ref, format: cell.numberFormat, fill: cell.fill });
    }
    // The user's sheet without WATT is not copied.
    expect(fake.find('Notes (native)')).toBeUndefined();
  });

  test('values: numbers only, each with its formula in a cell note (ExcelApi 1.18)', async () => {
    const fake = await workbook();
    fake.apiVersion = 18;
    const result = await share(fake, 'values');
    expect(result).toMatchObject({ sheetNames: ['Keep mining (values)'], annotations: 'notes', nativeCells: 0 });
    const original = fake.find('Keep mining')!;
    const copy = fake.find('Keep mining (values)')!;
    const formulas = formulaCells(original);
    expect(result.valueCells).toBe(formulas.length);
    for (const [ref, cell] of formulas) {
      expect(copy.cells[ref].value).toBe(cell.value);
      expect(copy.cells[ref].note).toBe(`Formula: ${cell.formula}`);
      // Written as a value over the copied formula (the fake keeps the last write of each kind; Excel keeps one).
      expect(fake.applied.some((op) => op.kind === 'set' && op.prop === 'value' && op.sheet === 'Keep mining (values)' && op.address === ref)).toBe(true);
    }
  });

  test('values: comments where Excel has no notes (ExcelApi 1.10), nothing on older builds, and the result says which', async () => {
    const fake = await workbook();
    fake.apiVersion = 12;
    expect((await share(fake, 'values')).annotations).toBe('comments');
    expect(Object.values(fake.find('Keep mining (values)')!.cells).filter((c) => c.comment?.startsWith('Formula: =')).length).toBeGreaterThan(5);
    const old = await workbook();
    old.apiVersion = 9;
    expect((await share(old, 'values')).annotations).toBe('none');
    expect(Object.values(old.find('Keep mining (values)')!.cells).some((c) => c.note || c.comment)).toBe(false);
  });

  test('a spilled table is frozen whole where Excel reports spills (ExcelApi 1.12)', async () => {
    const fake = new FakeExcel([FakeExcel.sheet('T', { A1: { formula: '=WATT.HASHCOST(30, 0.05)', value: 36 }, B2: { formula: '=SEQUENCE(2,2)', value: 1 }, C2: { value: 2 }, B3: { value: 3 }, C3: { value: 4 } })]);
    fake.state.sheets[0].spills = { B2: 'B2:C3' };
    fake.apiVersion = 18;
    await share(fake, 'values');
    expect(fake.applied).toContainEqual(expect.objectContaining({ kind: 'set', sheet: 'T (values)', address: 'B2:C3', prop: 'value', value: [[1, 2], [3, 4]] }));
  });

  test('a name taken by an earlier copy: the new copy gets the next free one', async () => {
    const fake = await workbook();
    fake.addByOther('Keep mining (native)');
    const result = await share(fake, 'native');
    expect(result.sheetNames).toEqual(['Keep mining (native 2)']);
    expect(fake.find('Keep mining (native)')!.cells).toEqual({});
  });

  test('"This sheet": the active sheet, Watt or not', async () => {
    const fake = await workbook();
    const result = await share(fake, 'values', 'active');
    expect(result.sheetNames).toEqual(['Notes (values)']);
    expect(fake.find('Notes (values)')!.cells.B1.value).toBe(2);
  });

  test('native: a spilled projection becomes a block of Excel formulas, its inputs checked on a new sheet; a failure there deletes it and the copy', async () => {
    const projection = findTemplate('projection')!;
    const fake = new FakeExcel([]);
    await insertTemplate(projection, new ExcelTemplateAdapter(fake.hosts()));
    const sheet = fake.find('Projection')!;
    const anchor = projection.sheets[0].cells.find((c) => /^=WATT\.PROJECTION\(/.test(c.formula ?? ''))!.ref;
    const top = Number(anchor.slice(1));
    sheet.spills = { [anchor]: `${anchor}:M${top + 30}` }; // 30 months, as Excel reports the spill
    for (const cell of Object.values(sheet.cells)) if (cell.formula) cell.value = 1;
    fake.apiVersion = 18;
    const before = fake.snapshot();
    const result = await share(fake, 'native');
    expect(result).toMatchObject({ sheetNames: ['Projection (native)'], nativeBlocks: 1, helperSheet: 'Watt native' });
    expect(fake.snapshot().sheets[0]).toEqual(before.sheets[0]); // the original untouched
    const copy = fake.find('Projection (native)')!;
    expect(copy.cells[anchor].formula ?? copy.cells[anchor].value).toBe('month');
    expect(copy.cells[anchor].note).toMatch(/^Native formula block of =WATT\.PROJECTION\(A5:B16, months\) \(600 rows/);
    expect(copy.cells[`I${top + 1}`].formula).toMatch(/^=IF\('Watt native'!\$B\$\d+\+1>'Watt native'!\$B\$\d+,"",144\*/);
    expect(copy.cells[`I${top + 600}`].formula).toMatch(/^=IF\(/);
    // The totals read the block.
    const total = projection.sheets[0].cells.find((c) => c.name === 'total_btc')!.ref;
    expect(copy.cells[total].formula).toMatch(new RegExp(`SUM\\('Projection \\(native\\)'!I${top + 1}:I${top + 600}\\)`));
    // The helper reads the copy's assumptions and its months (a sheet-scoped name resolved to its cell).
    const helper = fake.find('Watt native')!;
    expect(helper.cells.A4.formula ?? helper.cells.A4.value).toBe('start_date');
    expect(helper.cells.B4.formula).toContain("'Projection (native)'!$A$5:$A$16");
    const monthsRef = projection.sheets[0].cells.find((c) => c.name === 'months')!.ref;
    expect(Object.values(helper.cells).some((c) => String(c.formula ?? '').includes(`'Projection (native)'!$${monthsRef.replace(/(\d+)/, '$$$1')}`))).toBe(true);

    // A failure while writing the helper sheet: it and the copy are deleted, by id.
    const again = new FakeExcel([]);
    await insertTemplate(projection, new ExcelTemplateAdapter(again.hosts()));
    again.find('Projection')!.spills = { [anchor]: `${anchor}:M${top + 30}` };
    const snapshot = again.snapshot();
    again.failOn = (op) => op.kind === 'set' && op.sheet === 'Watt native';
    const error = await share(again, 'native').catch((e) => e);
    expect(error).toBeInstanceOf(ShareError);
    expect(error.message).toMatch(/while writing "Watt native"; the copies it had made were deleted/);
    expect(again.snapshot().sheets).toEqual(snapshot.sheets);
  });

  test('native: a value without a native form (WATT.PATHS of an expression, not a block) is guarded; the inputs it reads are recorded on a very hidden sheet', async () => {
    const threePaths = findTemplate('three-paths')!;
    const fake = new FakeExcel([]);
    await insertTemplate(threePaths, new ExcelTemplateAdapter(fake.hosts()));
    const sheet = fake.find('Three paths')!;
    const anchor = Object.entries(sheet.cells).find(([, c]) => /^=WATT\.PATHS\(/.test(c.formula ?? ''))![0];
    // A horizon given as an expression: the table cannot be a native block (only a number, a cell or a
    // name can), so it is copied as values, guarded.
    sheet.cells[anchor] = { ...sheet.cells[anchor], formula: sheet.cells[anchor].formula!.replace(/, years\)$/, ', years+0)') };
    expect(sheet.cells[anchor].formula).toMatch(/years\+0\)$/);
    const top = Number(anchor.slice(1));
    sheet.spills = { [anchor]: `${anchor}:E${top + 11}` };
    for (const cell of Object.values(sheet.cells)) if (cell.formula) cell.value = 7;
    sheet.cells[`C${top + 1}`] = { ...sheet.cells[`C${top + 1}`], value: 81.24 }; // a number the table spilled
    fake.apiVersion = 18;
    const result = await share(fake, 'native');
    expect(result).toMatchObject({ guardSheet: 'Watt inputs' });
    expect(result.guardedCells).toBeGreaterThan(0);
    const guard = fake.find('Watt inputs')!;
    expect(guard.visibility).toBe('VeryHidden');
    // A row per input: the copy's cell, its value, and a flag comparing them.
    expect(Object.values(guard.cells).some((c) => String(c.formula ?? '').includes("'Three paths (native)'!$"))).toBe(true);
    const copy = fake.find('Three paths (native)')!;
    expect(copy.cells[`C${top + 1}`].formula).toMatch(/^=IF\('Watt inputs'!\$E\$2,81\.24,NA\(\)\)$/);
    expect(copy.cells[anchor].note).toMatch(/shows #N\/A: recalculate with the add-in or `watt recalc`/);
  });

  test('a failure mid-way deletes only the copies made, by id; a sheet someone else added survives', async () => {
    const fake = await workbook();
    await insertTemplate(keepMining, new ExcelTemplateAdapter(fake.hosts())); // "Keep mining (2)": a second Watt sheet
    for (const cell of Object.values(fake.find('Keep mining (2)')!.cells)) if (cell.formula) cell.value = 7;
    const before = fake.snapshot();
    let other: FakeSheet | undefined;
    fake.failOn = (op) => {
      if (op.kind === 'set' && op.sheet === 'Keep mining (2) (native)') {
        // Someone names a sheet like the first copy meanwhile: it must survive the rollback.
        other ??= fake.addByOther('Keep mining (native) ');
        return true;
      }
      return false;
    };
    const error = await share(fake, 'native').catch((e) => e);
    expect(error).toBeInstanceOf(ShareError);
    expect(error.code).toBe('failed');
    expect(error.message).toMatch(/while writing "Keep mining \(2\) \(native\)"; the copies it had made were deleted and the workbook is as it was/);
    const after = fake.snapshot();
    expect(after.sheets.filter((s) => s.id !== other!.id)).toEqual(before.sheets);
    expect(fake.find('Keep mining (native) ')).toBeDefined();
    const deletes = fake.applied.filter((op) => op.kind === 'delete');
    expect(deletes).toHaveLength(2);
    for (const d of deletes) expect(d.kind === 'delete' && d.id).toBeTruthy();
  });

  test('a protected workbook: a clear refusal before anything is written', async () => {
    const fake = await workbook();
    fake.protectedStructure = true;
    const before = fake.snapshot();
    const applied = fake.applied.length;
    const error = await share(fake, 'native').catch((e) => e);
    expect(error).toMatchObject({ name: 'ShareError', code: 'protected', message: expect.stringMatching(/protected.*Review > Protect Workbook.*nothing was changed/) });
    expect(fake.snapshot()).toEqual(before);
    expect(fake.applied.length).toBe(applied);
  });

  test('an Excel older than ExcelApi 1.7 is refused; a workbook without WATT has nothing to share; a value still computing is not frozen', async () => {
    const old = await workbook();
    old.apiVersion = 6;
    await expect(share(old, 'native')).rejects.toMatchObject({ code: 'unsupported', message: expect.stringMatching(/ExcelApi 1\.7/) });
    const plain = new FakeExcel([FakeExcel.sheet('S', { A1: { formula: '=1+1', value: 2 } })]);
    await expect(share(plain, 'native')).rejects.toMatchObject({ code: 'nothing' });
    const busy = new FakeExcel([FakeExcel.sheet('S', { A1: { formula: '=WATT.BTCPRICE()', value: '#BUSY!' } })]);
    await expect(share(busy, 'values')).rejects.toMatchObject({ code: 'busy' });
    expect(busy.state.sheets.map((s) => s.name)).toEqual(['S']);
  });
});
