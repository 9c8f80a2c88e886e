/**
 * Every choice input of every template (yes/no, ...): its default is one of its choices, and in the
 * engine any other value turns every formula that depends on it (directly or not) into an error,
 * never a number.
 */
import type { SimpleCellAddress, SimpleCellRange } from 'hyperformula';
import { TEMPLATES } from '../../src/templates';
import { onChoice, excelText } from '../../src/templates/builder';
import { parseRef, validateTemplate } from '../../src/templates/plan';
import { Inserted } from './helpers';

const withChoices = TEMPLATES.flatMap((t) => t.sheets.flatMap((s, sheet) => s.cells.filter((c) => c.choices).map((c) => ({ t, sheet, cell: c }))));

test('at least the deals template has choice inputs, each default among its choices', () => {
  expect(withChoices.filter((x) => x.t.id === 'hpc-deals').length).toBeGreaterThan(20);
  for (const { cell } of withChoices) expect(cell.choices).toContain(cell.value);
});

test('plan validation refuses a default outside the choices, and choices with commas', () => {
  const t = (cell: object) => ({ id: 'x', title: 'x', description: '', asOf: '2026-01-01', keyAssumptions: [], answers: '', sheets: [{ title: 'S', cells: [{ ref: 'A1', ...cell }] }] });
  expect(validateTemplate(t({ value: 'maybe', choices: ['yes', 'no'] }))).toEqual([expect.stringMatching(/must be one of yes, no/)]);
  expect(validateTemplate(t({ value: 'a', choices: ['a,b'] }))).toEqual([expect.stringMatching(/without commas/)]);
  expect(validateTemplate(t({ value: 'yes', choices: ['yes', 'no'] }))).toEqual([]);
});

test('onChoice: one branch per choice, #N/A otherwise; texts in formulas are checked', () => {
  expect(onChoice('K6', ['yes', 'no'], ['H6', '""'])).toBe('IF(K6="yes", H6, IF(K6="no", "", NA()))');
  expect(() => onChoice('K6', ['yes'], [])).toThrow();
  expect(() => excelText('say "hi"')).toThrow(/double quote/);
  expect(() => excelText('x'.repeat(256))).toThrow(/255/);
});

describe.each(TEMPLATES.filter((t) => withChoices.some((x) => x.t === t)).map((t) => [t.id, t] as const))('%s', (_id, template) => {
  test('an invalid value in any choice input makes every dependent formula an error', async () => {
    const cells = withChoices.filter((x) => x.t === template);
    // Sample: first, middle and last choice cell (each a full insert).
    for (const { sheet, cell } of [cells[0], cells[Math.floor(cells.length / 2)], cells[cells.length - 1]]) {
      const t = await Inserted.of(template);
      const at = { sheet: t.sheetId(sheet), ...parseRef(cell.ref)! };
      const seen = new Set<string>();
      const queue: (SimpleCellAddress | SimpleCellRange)[] = [at];
      const formulas: SimpleCellAddress[] = [];
      while (queue.length > 0) {
        for (const d of t.hf.getCellDependents(queue.shift()!)) {
          const key = JSON.stringify(d);
          if (seen.has(key)) continue;
          seen.add(key);
          queue.push(d);
          if ('row' in d && d.sheet >= 0 && t.hf.doesCellHaveFormula(d)) formulas.push(d);
        }
      }
      expect(formulas.length).toBeGreaterThan(0); // three-paths: one formula, WATT.PATHS, whose whole table turns into the error
      t.hf.setCellContents(at, [['maybe']]);
      for (const f of formulas) {
        const v = t.hf.getCellValue(f);
        // A formula that wraps its error in IFERROR(..., "n/a") (the risk sheet's bin middles) shows that text: not a number either.
        const shown = /^=IFERROR\(.*, "([^"]*)"\)$/.exec(t.hf.getCellFormula(f) ?? '')?.[1];
        const isError = (typeof v === 'object' && v !== null && 'type' in v) || (shown !== undefined && v === shown);
        expect({ cell: cell.ref, dependent: t.hf.simpleCellAddressToString(f, f.sheet), isError }).toEqual({ cell: cell.ref, dependent: t.hf.simpleCellAddressToString(f, f.sheet), isError: true });
      }
    }
  });
});

describe('three-paths and risk write their WATT.PATHS assumption rows with one writer', () => {
  const byId = (id: string) => TEMPLATES.find((t) => t.id === id)!;
  const named = (id: string) => new Map(byId(id).sheets[0].cells.filter((c) => c.name).map((c) => [c.name!, c] as const));

  test('the yes/no levers curtail and terminal_value get their drop-down on both sheets', () => {
    for (const id of ['three-paths', 'risk']) {
      for (const name of ['curtail', 'terminal_value']) {
        // src/templates/three-paths.ts PATHS_SECTIONS: curtail and terminal_value accept "yes" / "no".
        expect({ id, name, choices: named(id).get(name)?.choices, value: named(id).get(name)?.value }).toEqual({ id, name, choices: ['yes', 'no'], value: 'yes' });
      }
    }
  });

  test('every assumption both sheets share is written alike (label, name, value, format, note, choices)', () => {
    const paths = named('three-paths');
    const risk = named('risk');
    const shared = [...paths.keys()].filter((n) => risk.has(n) && n !== 'years');
    expect(shared.length).toBeGreaterThan(30);
    const strip = (c: { ref: string }) => ({ ...c, ref: c.ref.replace(/\d+$/, '') });
    for (const n of shared) expect(strip(risk.get(n)!)).toEqual(strip(paths.get(n)!));
  });
});
