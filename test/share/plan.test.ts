/**
 * The Share planner (pure): every template inserted in the engine is read as Excel would give it
 * (formulas, values, spills), planned in each mode, and the plan applied to a copy made as Excel's
 * Worksheet.copy makes one (same cells, the sheet's names re-scoped to the copy). The copy must show
 * the same numbers as the original, with no WATT call left (native) or no formula left (values).
 */
import { DetailedCellError, HyperFormula } from 'hyperformula';
import { EngineTemplateAdapter } from '../../src/engine/template-adapter';
import { toEngineFormula } from '../../src/engine/engine';
import { insertTemplate, TEMPLATES } from '../../src/templates';
import { cellRef, functionsUsed, parseBlock, parseRef, quoteSheetName } from '../../src/templates/plan';
import { copyName, isWattSheet, literalValue, planShare, retargetSheetRefs, ShareError, SharePlan, SHARE_MODES, SourceSheet } from '../../src/share/plan';
import { hasWattCall } from '../../src/xlsx/formula';

/** A sheet of the engine as Office.js would read it: Range.formulas, Range.values, spilled blocks. */
function readSheet(hf: HyperFormula, name: string): SourceSheet {
  const sheet = hf.getSheetId(name)!;
  const formulas = hf.getSheetSerialized(sheet) as unknown[][];
  const values = (hf.getSheetValues(sheet) as unknown[][]).map((row) => row.map((v) => (v instanceof DetailedCellError ? v.value : v ?? '')));
  const spills: Record<string, string> = {};
  formulas.forEach((row, r) =>
    row.forEach((f, c) => {
      if (typeof f !== 'string' || !f.startsWith('=') || !hf.isCellPartOfArray({ sheet, row: r, col: c })) return;
      // The block: right and down from the anchor while cells belong to the array and hold no formula.
      let right = c;
      while (hf.isCellPartOfArray({ sheet, row: r, col: right + 1 }) && !hf.doesCellHaveFormula({ sheet, row: r, col: right + 1 })) right++;
      let bottom = r;
      while (hf.isCellPartOfArray({ sheet, row: bottom + 1, col: c }) && !hf.doesCellHaveFormula({ sheet, row: bottom + 1, col: c })) bottom++;
      if (right > c || bottom > r) spills[cellRef(r, c)] = `${cellRef(r, c)}:${cellRef(bottom, right)}`;
    }),
  );
  // The sheet's own names, as Office.js lists them (NamedItem.formula).
  const names = Object.fromEntries(hf.listNamedExpressions(sheet).map((n) => [n.toLowerCase(), hf.getNamedExpressionFormula(n, sheet)!]));
  return { name, origin: 'A1', formulas, values, spills, names };
}

/** Excel's Worksheet.copy, then the plan written over the copy (what the adapter does in Excel). */
function applyInEngine(hf: HyperFormula, plan: SharePlan): void {
  for (const s of plan.sheets) {
    const from = hf.getSheetId(s.source)!;
    hf.addSheet(s.name);
    const to = hf.getSheetId(s.name)!;
    // The copy's names: the original's sheet-scoped names, pointing at the copy.
    for (const name of hf.listNamedExpressions(from)) {
      const f = hf.getNamedExpressionFormula(name, from)!;
      hf.addNamedExpression(name, retargetSheetRefs(f, new Map([[s.source, s.name]])), to);
    }
    hf.setSheetContent(to, hf.getSheetSerialized(from) as never);
  }
  // The sheet of the native blocks' checked inputs, added after the copies.
  // And the very hidden sheet of the guarded values' inputs.
  const added = [...(plan.helper ? [{ name: plan.helper.name, writes: plan.helper.writes }] : []), ...(plan.guards ? [{ name: plan.guards.name, writes: plan.guards.writes }] : [])];
  for (const h of added) hf.addSheet(h.name);
  for (const s of [...plan.sheets, ...added]) {
    const to = hf.getSheetId(s.name)!;
    for (const w of s.writes) {
      const b = parseBlock(w.range)!;
      // Text typed with Excel's quote prefix is that text.
      const typed = (v: unknown) => (typeof v === 'string' && v.startsWith("'") ? v.slice(1) : typeof v === 'string' ? toEngineFormula(v) : v);
      const content = 'formulas' in w ? w.formulas.map((row) => row.map(typed)) : w.values;
      hf.setCellContents({ sheet: to, row: b.top, col: b.left }, content as never);
    }
  }
}

const numbersOf = (hf: HyperFormula, name: string) => hf.getSheetValues(hf.getSheetId(name)!);

function expectSameNumbers(hf: HyperFormula, original: string, copy: string): number {
  const a = numbersOf(hf, original);
  const b = numbersOf(hf, copy);
  let compared = 0;
  a.forEach((row, r) =>
    row.forEach((v, c) => {
      const w = b[r]?.[c];
      if (typeof v === 'number') {
        expect({ cell: `${copy}!${cellRef(r, c)}`, close: typeof w === 'number' && Math.abs(w - v) <= 1e-12 * Math.max(1, Math.abs(v)) }).toEqual({ cell: `${copy}!${cellRef(r, c)}`, close: true });
        compared++;
      } else if (v instanceof DetailedCellError) {
        expect(w instanceof DetailedCellError ? w.value : w).toBe(v.value);
      } else {
        // A values copy writes a formula's "" as an empty cell: both show nothing.
        expect(w === '' ? null : w ?? null).toEqual(v === '' ? null : v ?? null);
      }
    }),
  );
  return compared;
}

describe.each(TEMPLATES.map((t) => [t.id]))('%s', (id) => {
  test.each(SHARE_MODES.map((m) => [m]))('a %s copy shows the same numbers as the original', async (mode) => {
    const adapter = new EngineTemplateAdapter();
    const template = TEMPLATES.find((t) => t.id === id)!;
    await insertTemplate(template, adapter);
    const hf = adapter.hf;
    const names = hf.getSheetNames();
    const sources = names.map((n) => readSheet(hf, n));
    expect(sources.some(isWattSheet)).toBe(functionsUsed(template).length > 0);
    const plan = planShare(sources, mode, names);
    expect(plan.sheets.map((s) => s.name)).toEqual(names.map((n) => copyName(n, mode, names)));
    const before = names.map((n) => hf.getSheetSerialized(hf.getSheetId(n)!));
    applyInEngine(hf, plan);
    // The originals are as they were.
    expect(names.map((n) => hf.getSheetSerialized(hf.getSheetId(n)!))).toEqual(before);
    let compared = 0;
    for (const s of plan.sheets) {
      compared += expectSameNumbers(hf, s.source, s.name);
      const cells = (hf.getSheetSerialized(hf.getSheetId(s.name)!) as unknown[][]).flat();
      const formulas = cells.filter((c): c is string => typeof c === 'string' && c.startsWith('='));
      // No WATT call survives in either mode; values mode leaves no formula that was a formula of the original.
      expect(formulas.filter((f) => hasWattCall(f))).toEqual([]);
      if (mode === 'values') expect(formulas).toEqual([]);
      // A reference to another copied sheet points at its copy, never at the original.
      for (const other of plan.sheets) if (other !== s) for (const f of formulas) expect(f).not.toContain(`${quoteSheetName(other.source)}!`);
    }
    expect(compared).toBeGreaterThan(5);
    if (mode === 'values') {
      expect(plan.nativeCells).toBe(0);
      expect(plan.valueCells).toBe(sources.reduce((n, s) => n + s.formulas.flat().filter((f) => typeof f === 'string' && f.startsWith('=')).length, 0));
      for (const s of plan.sheets) for (const note of s.notes) expect(note.text).toMatch(/^Formula: =/);
    } else {
      // Every WATT cell is either native or a value with its reason (a template of tables only has no native cell).
      const wattCells = sources.reduce((n, s) => n + s.formulas.flat().filter((f) => typeof f === 'string' && f.startsWith('=') && hasWattCall(f)).length, 0);
      expect(plan.nativeCells + plan.valueCells).toBe(wattCells);
      for (const s of plan.sheets) for (const note of s.notes) expect(note.text).toMatch(/^Value of =.*WATT\..* when shared: (WATT\.\w+ |in Excel's own functions it would be [\d,]+ characters).* Computed by Watt for the inputs at export; if an input it depends on has changed, this cell shows #N\/A|^Native formula block of =WATT\.(PROJECTION|PATHS)\(/);
      // A spilled projection or paths table is a native block: its checked inputs on a sheet of their own,
      // where the month index of WATT.MININGVALUE's native form goes too.
      const projections = sources.reduce((n, s) => n + Object.keys(s.spills ?? {}).filter((ref) => /^=WATT\.(PROJECTION|PATHS)\(/.test(String(s.formulas[parseRef(ref)!.row][parseRef(ref)!.col]))).length, 0);
      const miningValue = sources.some((s) => s.formulas.flat().some((f) => typeof f === 'string' && /WATT\.MININGVALUE\(/i.test(f)));
      expect(plan.nativeBlocks).toBe(projections);
      expect(plan.helper?.name).toBe(projections > 0 || miningValue ? 'Watt native' : undefined);
    }
  });
});

describe('Share native: the values are guarded', () => {
  test.each(['three-paths', 'valuation'])('%s: nothing is guarded (WATT.PATHS a native block, MININGVALUE and the sensitivity grid\'s per-W blocks native forms)', async (id) => {
    const adapter = new EngineTemplateAdapter();
    await insertTemplate(TEMPLATES.find((t) => t.id === id)!, adapter);
    const names = adapter.hf.getSheetNames();
    const plan = planShare(names.map((n) => readSheet(adapter.hf, n)), 'native', names);
    expect(plan.guards).toBeUndefined();
    expect(plan.valueCells).toBe(0);
  });
  // risk: its simulations (1,236 guarded cells, some 15 s here).
  test.each(['risk'])('%s: the copy shows the values; an input changed in the copy turns every guarded cell #N/A, the inputs unchanged keep them', async (id) => {
    const adapter = new EngineTemplateAdapter();
    const template = TEMPLATES.find((t) => t.id === id)!;
    await insertTemplate(template, adapter);
    const hf = adapter.hf;
    const names = hf.getSheetNames();
    const plan = planShare(names.map((n) => readSheet(hf, n)), 'native', names);
    expect(plan.guards).toMatchObject({ name: 'Watt inputs' });
    expect(plan.guards!.cells).toBeGreaterThan(0);
    applyInEngine(hf, plan);
    const copy = plan.sheets[0].name;
    const sheet = hf.getSheetId(copy)!;
    const guarded = (hf.getSheetSerialized(sheet) as unknown[][]).flatMap((row, r) => row.map((f, c) => ({ f, at: { sheet, row: r, col: c } }))).filter(({ f }) => typeof f === 'string' && f.startsWith("=IF('Watt inputs'!"));
    // The guarded values, and the formulas that read one through IFERROR and the like (guarded in turn).
    expect(guarded.length).toBeGreaterThanOrEqual(plan.guards!.cells);
    expect(guarded.every(({ at }) => !(hf.getCellValue(at) instanceof DetailedCellError) || hf.getCellValue(at) === hf.getCellValue({ ...at, sheet: hf.getSheetId(template.sheets[0].title)! }))).toBe(true);
    // btc_price (or the first numeric input) of the copy, changed by the recipient.
    const input = template.sheets[0].cells.find((c) => c.name === 'btc_price' && c.style === 'input') ?? template.sheets[0].cells.find((c) => c.style === 'input' && typeof c.value === 'number')!;
    const at = { sheet, ...parseRef(input.ref)! };
    hf.setCellContents(at, [[(input.value as number) * 1.5]]);
    const numbers = guarded.filter(({ f }) => !/,"[^"]*",NA\(\)\)$/.test(f as string));
    expect(numbers.length).toBeGreaterThan(0);
    for (const { at: cell } of guarded) expect(hf.getCellValue(cell)).toBeInstanceOf(DetailedCellError);
  });
});

describe('planShare', () => {
  const sheet = (name: string, formulas: unknown[][], values: unknown[][], extra: Partial<SourceSheet> = {}): SourceSheet => ({ name, origin: 'A1', formulas, values, ...extra });

  test('native: a WATT call becomes its native form; a value still computing is refused', () => {
    const s = sheet('Model', [[1, 2, '=WATT.HASHCOST(A1, B1)']], [[1, 2, 48]]);
    const plan = planShare([s], 'native', ['Model']);
    expect(plan.sheets[0]).toMatchObject({ source: 'Model', name: 'Model (native)', notes: [] });
    const w = plan.sheets[0].writes[0] as { range: string; formulas: string[][] };
    expect(w.range).toBe('C1');
    expect(w.formulas[0][0]).not.toMatch(/WATT/i);
    expect(w.formulas[0][0]).toContain('24*');
    const busy = sheet('Model', [['=WATT.BTCPRICE()']], [['#BUSY!']]);
    expect(() => planShare([busy], 'values', [])).toThrow(expect.objectContaining({ code: 'busy', message: expect.stringMatching(/"Model"!A1 is still calculating/) }));
  });

  test('the used range may start anywhere: refs follow its origin', () => {
    const s = sheet('M', [['=WATT.HASHCOST(1, 2)']], [[48]], { origin: 'C5' });
    expect(planShare([s], 'values', ['M']).sheets[0]).toMatchObject({ writes: [{ range: 'C5', values: [[48]] }], notes: [{ ref: 'C5', text: 'Formula: =WATT.HASHCOST(1, 2)' }] });
  });

  test('values: a spilled table is written whole, its formula in the anchor\'s note', () => {
    const s = sheet('T', [['=WATT.PROJECTION(1)', 2], [3, 4]], [[1, 2], [3, 4]], { spills: { A1: 'A1:B2' } });
    const plan = planShare([s], 'values', []);
    expect(plan.sheets[0].writes).toEqual([{ range: 'A1:B2', values: [[1, 2], [3, 4]] }]);
    expect(plan.sheets[0].notes[0].text).toBe('Formula: =WATT.PROJECTION(1) (spilled over A1:B2; values as shared)');
  });

  test('an Excel formula reading another copied sheet is pointed at its copy; one reading an uncopied sheet is left alone', () => {
    const a = sheet('In puts', [[5, '=WATT.HASHCOST(A1, 1)']], [[5, 120]]);
    const b = sheet('Out', [["='In puts'!A1*2", '=Other!A1', '="In puts!A1"']], [[10, 3, 'In puts!A1']]);
    const plan = planShare([a, b], 'native', ['In puts', 'Out', 'Other']);
    expect(plan.sheets[1].writes).toEqual([{ range: 'A1', formulas: [["='In puts (native)'!A1*2"]] }]);
  });

  test('nothing to share: a clear refusal', () => {
    expect(() => planShare([sheet('S', [[1]], [[1]])], 'native', [])).toThrow(ShareError);
    expect(() => planShare([], 'values', [])).toThrow(/nothing to share/);
  });
});

describe('literalValue', () => {
  test('text keeps Excel from re-parsing it (quote prefix); numbers, booleans, typeable errors as they are', () => {
    expect(['1/2', '00123', '=A1', 'TRUE', 'yes', '#SPILL!'].map(literalValue)).toEqual(["'1/2", "'00123", "'=A1", "'TRUE", "'yes", "'#SPILL!"]);
    expect([0, -1.5, true, '', null, '#N/A', '#DIV/0!', '#VALUE!'].map(literalValue)).toEqual([0, -1.5, true, '', '', '#N/A', '#DIV/0!', '#VALUE!']);
  });
});

describe('copyName', () => {
  test('free of clashes, case-insensitive; the mode is never cut off', () => {
    expect(copyName('Keep mining', 'native', ['Keep mining'])).toBe('Keep mining (native)');
    expect(copyName('Keep mining', 'native', ['keep MINING (native)'])).toBe('Keep mining (native 2)');
    expect(copyName('Keep mining', 'values', ['Keep mining (values)', 'Keep mining (values 2)'])).toBe('Keep mining (values 3)');
    const long = 'A sheet name of thirty-one chr';
    const name = copyName(long, 'native', []);
    expect(name.length).toBeLessThanOrEqual(31);
    expect(name.endsWith(' (native)')).toBe(true);
  });
});

describe('retargetSheetRefs', () => {
  const map = new Map([['Keep mining', 'Keep mining (native)'], ['Inputs', "Bob's (values)"]]);
  test('quoted and bare references, apostrophes doubled; strings and other sheets untouched', () => {
    expect(retargetSheetRefs("='keep mining'!B4+Inputs!$C$1+Other!A1", map)).toBe("='Keep mining (native)'!B4+'Bob''s (values)'!$C$1+Other!A1");
    expect(retargetSheetRefs('="Inputs!A1"&MyInputs!A1', map)).toBe('="Inputs!A1"&MyInputs!A1');
  });
});

describe('Share native: WATT.SCULPT and WATT.DSCRSTAT', () => {
  test('a banker\'s CFADS row: the schedule is a native block, DSCRSTAT a native form; the copy shows the same numbers and moves with an edit of its CFADS', async () => {
    const adapter = new EngineTemplateAdapter();
    const hf = adapter.hf;
    const sheetId = hf.getSheetId(hf.addSheet('Debt'))!;
    // CFADS of 6 periods in B1:G1 (illustrative), rate B2, dscr B3, tenor B4 (5 of 6); the schedule at A6, statistics in J1:J2
    // (min and max DSCR of the schedule's debt service E7:E11 against its period column A7:A11, a column of numbers).
    hf.setSheetContent(sheetId, [
      ['cfads', 130, 140, 150, 160, 170, 180, null, null, '=WATT.DSCRSTAT(A7:A11, E7:E11)'],
      ['rate', 0.08],
      ['dscr', 1.3],
      ['tenor', 5],
      [],
      ['=WATT.SCULPT(B1:G1, B2, B3, , , B4)'],
    ]);
    hf.setCellContents({ sheet: sheetId, row: 1, col: 9 }, [['=WATT.DSCRSTAT(A7:A11, E7:E11, "max")']]);
    const plan = planShare([readSheet(hf, 'Debt')], 'native', ['Debt']);
    expect(plan.nativeBlocks).toBe(1);
    expect(plan.helper?.name).toBe('Watt native');
    expect(plan.guards).toBeUndefined(); // nothing written as a value
    applyInEngine(hf, plan);
    const copy = plan.sheets[0].name;
    expect(expectSameNumbers(hf, 'Debt', copy)).toBeGreaterThan(5 * 7);
    const formulas = (hf.getSheetSerialized(hf.getSheetId(copy)!) as unknown[][]).flat().filter((f): f is string => typeof f === 'string' && f.startsWith('='));
    expect(formulas.filter((f) => hasWattCall(f))).toEqual([]);
    // One period's CFADS edited in both: the copy's schedule follows the original's (WATT) to the last digit tolerated.
    for (const name of ['Debt', copy]) hf.setCellContents({ sheet: hf.getSheetId(name)!, row: 0, col: 3 }, [[120]]);
    expectSameNumbers(hf, 'Debt', copy);
  });
});
