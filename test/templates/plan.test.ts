import fc from 'fast-check';
import {
  cellRef, columnLetters, freeSheetName, functionsUsed, insertTemplate, isLegalName, legalSheetName, parseBlock, parseRef,
  planInsert, quoteSheetName, TemplateError, validateTemplate,
} from '../../src/templates/plan';
import type { HostAdapter, Template, WorkbookState, WritePlan } from '../../src/templates/types';

const tiny = (over: Partial<Template> = {}): Template => ({
  id: 'tiny',
  title: 'Tiny',
  description: 'two sheets',
  asOf: '2025-12-15',
  keyAssumptions: [],
  answers: 'nothing',
  sheets: [
    {
      title: 'Inputs',
      cells: [
        { ref: 'A1', value: 'Price' },
        { ref: 'B1', value: 10, name: 'price', style: 'input', format: '0.00', note: 'assumption' },
        { ref: 'B2', formula: '=price * 2' },
      ],
      columnWidths: [100, 60],
      freeze: { rows: 1, columns: 0 },
    },
    { title: 'Outputs', cells: [{ ref: 'a1', formula: "='{{Inputs}}'!B2 + {{inputs}}!B1" }, { ref: 'A2', value: 3 }], rangeFormats: [{ range: 'b1:c3', format: '0%' }] },
  ],
  ...over,
});

describe('sheet names', () => {
  test('legal: forbidden characters replaced, apostrophes trimmed, 31 characters at most', () => {
    expect(legalSheetName('Rent: $/kW [2025]?')).toBe('Rent- $-kW -2025--');
    expect(legalSheetName("'quoted'")).toBe('quoted');
    expect(legalSheetName('x'.repeat(40))).toHaveLength(31);
    expect(legalSheetName('   ')).toBe('Sheet');
    expect(legalSheetName('History')).toBe('History sheet');
  });

  test('free: the title, then "(2)", "(3)", compared without case', () => {
    expect(freeSheetName('Keep mining', [])).toBe('Keep mining');
    expect(freeSheetName('Keep mining', ['keep MINING'])).toBe('Keep mining (2)');
    expect(freeSheetName('Keep mining', ['Keep mining', 'Keep mining (2)', 'KEEP MINING (3)'])).toBe('Keep mining (4)');
  });

  test('free: a long title is shortened so the suffix fits in 31 characters', () => {
    const title = 'A very long template title for testing';
    const first = freeSheetName(title, []);
    expect(first).toBe(title.slice(0, 31).trim());
    const second = freeSheetName(title, [first]);
    // 27 characters of the base ("A very long template title "), trailing space trimmed, then " (2)".
    expect(second).toBe('A very long template title (2)');
    expect(freeSheetName('x'.repeat(40), ['x'.repeat(31)])).toBe(`${'x'.repeat(27)} (2)`);
  });

  test('property: a free name is legal, <= 31 characters, and not taken (case-insensitive)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.array(fc.string({ maxLength: 35 }), { maxLength: 12 }), (title, others) => {
        const base = legalSheetName(title);
        const taken = [...others, base, `${base} (2)`.toUpperCase()];
        const name = freeSheetName(title, taken);
        expect(name.length).toBeGreaterThan(0);
        expect(name.length).toBeLessThanOrEqual(31);
        expect(name).not.toMatch(/[:\\/?*[\]]/);
        expect(name.startsWith("'") || name.endsWith("'")).toBe(false);
        expect(taken.map((t) => t.toLowerCase())).not.toContain(name.toLowerCase());
      }),
    );
  });

  test('quoting doubles apostrophes', () => {
    expect(quoteSheetName("Miner's site")).toBe("'Miner''s site'");
  });
});

describe('references and names', () => {
  test('A1 refs inside the grid only', () => {
    expect(parseRef('B4')).toEqual({ row: 3, col: 1 });
    expect(parseRef('XFD1048576')).toEqual({ row: 1048575, col: 16383 });
    expect(parseRef('XFE1')).toBeUndefined();
    expect(parseRef('A1048577')).toBeUndefined();
    expect(parseRef('A0')).toBeUndefined();
    expect(parseRef('B4:C5')).toBeUndefined();
    expect(parseBlock('b1:c3')).toEqual({ top: 0, left: 1, bottom: 2, right: 2 });
  });

  test('property: cellRef and parseRef are inverse, columnLetters counts like Excel', () => {
    expect(columnLetters(1)).toBe('A');
    expect(columnLetters(26)).toBe('Z');
    expect(columnLetters(27)).toBe('AA');
    expect(columnLetters(16384)).toBe('XFD');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1048575 }), fc.integer({ min: 0, max: 16383 }), (row, col) => {
        expect(parseRef(cellRef(row, col))).toEqual({ row, col });
      }),
    );
  });

  test('Excel name rules', () => {
    for (const ok of ['btc_price', 'hs_rent', '_x', 'fees', 'network_hashrate', 'a.b']) expect(isLegalName(ok)).toBe(true);
    for (const bad of ['BTC1', 'A1', 'xfd100', 'R', 'c', 'R1C1', '1abc', 'has space', 'x-y', '']) expect(isLegalName(bad)).toBe(false);
  });
});

describe('validateTemplate', () => {
  test('a valid template has no problem', () => {
    expect(validateTemplate(tiny())).toEqual([]);
  });

  test('names every problem with sheet and cell', () => {
    const bad = tiny({
      sheets: [
        {
          title: 'S',
          cells: [
            { ref: 'A1', value: 1 },
            { ref: 'a1', value: 2 },
            { ref: 'B0', value: 3 },
            { ref: 'C1', value: 1, formula: '=1' },
            { ref: 'D1', formula: 'SUM(1)' },
            { ref: 'E1', formula: "='{{Nope}}'!A1" },
            { ref: 'F1', value: 1, name: 'BTC1' },
            { ref: 'G1', value: 1, name: 'x' },
            { ref: 'H1', value: 1, name: 'X' },
            { ref: 'I1', value: '=1+1' },
            { ref: 'J1', value: Number.NaN },
          ],
          rangeFormats: [{ range: 'A1:?', format: '0' }],
        },
      ],
    });
    const problems = validateTemplate(bad).join('\n');
    expect(problems).toContain('cell A1: written twice');
    expect(problems).toContain('cell B0: not a single A1 cell');
    expect(problems).toContain('cell C1: has both a value and a formula');
    expect(problems).toContain('cell D1: formula must start with "="');
    expect(problems).toContain('{{Nope}} names no sheet');
    expect(problems).toContain('"BTC1" is not a legal Excel name');
    expect(problems).toContain('name "X" is used twice');
    expect(problems).toContain('cell I1: text starting with "=" must be a formula');
    expect(problems).toContain('cell J1: value is not a finite number');
    expect(problems).toContain('range format "A1:?"');
  });

  test('a print layout: title columns, a header row and column groups left to right after them', () => {
    const withPrint = (print: { titleColumns: number; headerRow: number; groups: string[] }) => tiny({ sheets: [{ title: 'S', cells: [{ ref: 'A1', value: 1 }], print }] });
    expect(validateTemplate(withPrint({ titleColumns: 2, headerRow: 7, groups: ['C:E', 'F', 'G:AB'] }))).toEqual([]);
    const problems = [
      ...validateTemplate(withPrint({ titleColumns: 2, headerRow: 0, groups: ['B:C'] })),
      ...validateTemplate(withPrint({ titleColumns: 1, headerRow: 3, groups: ['D:E', 'C'] })),
      ...validateTemplate(withPrint({ titleColumns: -1, headerRow: 3, groups: ['E:D', 'x'] })),
    ].join('\n');
    expect(problems).toContain('print header row must be a row number >= 1');
    expect(problems).toContain('print group "B:C" must be a column span after the title columns');
    expect(problems).toContain('print group "C" must be');
    expect(problems).toContain('print title columns must be a count >= 0');
    expect(problems).toContain('print group "E:D" must be');
    expect(problems).toContain('print group "x" must be');
  });

  test('functionsUsed lists the WATT functions of the formulas', () => {
    const t = tiny({ sheets: [{ title: 'S', cells: [{ ref: 'A1', formula: '=WATT.HASHPRICE(1, 2) + watt.subsidy(0) + SUM(1)' }, { ref: 'A2', formula: '=WATT.PATHS(A1:B2)' }] }] });
    expect(functionsUsed(t)).toEqual(['HASHPRICE', 'PATHS', 'SUBSIDY']);
  });
});

describe('planInsert', () => {
  test('free names, placeholders resolved and quoted, constants before formulas, refs upper-cased', () => {
    const state: WorkbookState = { sheetNames: ['Sheet1', 'inputs'] };
    const plan = planInsert(tiny(), state);
    expect(plan.templateId).toBe('tiny');
    expect(plan.sheets.map((s) => s.name)).toEqual(['Inputs (2)', 'Outputs']);
    expect(plan.sheets[1].cells.map((c) => c.ref)).toEqual(['A2', 'A1']);
    expect(plan.sheets[1].cells[1].formula).toBe("='Inputs (2)'!B2 + 'Inputs (2)'!B1");
    expect(plan.sheets[0].cells.map((c) => c.formula ?? c.value)).toEqual(['Price', 10, '=price * 2']);
    expect(plan.sheets[0].columnWidths).toEqual([100, 60]);
    expect(plan.sheets[0].freeze).toEqual({ rows: 1, columns: 0 });
    expect(plan.sheets[1].rangeFormats).toEqual([{ range: 'B1:C3', format: '0%' }]);
    expect(state.sheetNames).toEqual(['Sheet1', 'inputs']); // untouched
  });

  test('two sheets of one template never get the same name', () => {
    const t = tiny({ sheets: [{ title: 'A/B', cells: [] }, { title: 'A:B', cells: [] }] });
    const plan = planInsert(t, { sheetNames: [] });
    expect(plan.sheets.map((s) => s.name)).toEqual(['A-B', 'A-B (2)']);
  });

  test('an apostrophe in a final name is doubled inside the quotes', () => {
    const t = tiny({ sheets: [{ title: "Miner's", cells: [{ ref: 'A1', value: 1 }] }, { title: 'Out', cells: [{ ref: 'A1', formula: "='{{Miner's}}'!A1" }] }] });
    expect(planInsert(t, { sheetNames: [] }).sheets[1].cells[0].formula).toBe("='Miner''s'!A1");
  });

  test('an invalid template is refused with its problems', () => {
    const t = tiny({ sheets: [{ title: 'S', cells: [{ ref: 'ZZZZ1', value: 1 }] }] });
    expect(() => planInsert(t, { sheetNames: [] })).toThrow(TemplateError);
    expect(() => planInsert(t, { sheetNames: [] })).toThrow(/cannot insert tiny: .*ZZZZ1/);
  });
});

describe('insertTemplate', () => {
  test('reads the state, plans against it and applies the plan', async () => {
    const applied: WritePlan[] = [];
    const adapter: HostAdapter = {
      readState: async () => ({ sheetNames: ['Tiny', 'Inputs'] }),
      apply: async (plan) => {
        applied.push(plan);
      },
    };
    const plan = await insertTemplate(tiny(), adapter);
    expect(applied).toEqual([plan]);
    expect(plan.sheets.map((s) => s.name)).toEqual(['Inputs (2)', 'Outputs']);
  });

  test('a failing apply rejects with its error', async () => {
    const adapter: HostAdapter = { readState: async () => ({ sheetNames: [] }), apply: async () => Promise.reject(new Error('boom')) };
    await expect(insertTemplate(tiny(), adapter)).rejects.toThrow('boom');
  });
});
