/**
 * Presentation a banker accepts, checked on the templates as data: every number format shows a
 * negative in parentheses, never a minus; red only where a negative is bad news; columns of numbers
 * wide enough for them; % labelled %, not "fraction"; the sensitivity's base case boxed.
 */
import { TEMPLATES, findTemplate } from '../../src/templates';
import { F, NUMBER_WIDTH, DEFAULT_WIDTH, withNumberWidths } from '../../src/templates/builder';
import { STYLES } from '../../src/templates/styles';
import { formatColor, formatValue, isDateFormat } from '../../src/workbench/numfmt';

const numberFormats = () =>
  TEMPLATES.flatMap((t) =>
    t.sheets.flatMap((s) => [...s.cells, ...(s.rangeFormats ?? [])].filter((c) => c.format && c.format !== F.text && !isDateFormat(c.format)).map((c) => ({ id: t.id, format: c.format! }))),
  );

test('every number format of every template shows a negative in parentheses (or as a word)', () => {
  const formats = numberFormats();
  expect(formats.length).toBeGreaterThan(100);
  const minus = formats.filter(({ format }) => !/^\(.*\)$/.test(formatValue(-1234.5, format)) && !/^"[^"]*";\[Red\]"[^"]*"$/.test(format));
  expect(minus).toEqual([]);
});

test('red only for bad news: no style is red, and a format is red only for a negative', () => {
  for (const [name, style] of Object.entries(STYLES)) expect({ name, red: /^#(C00000|FF0000|C50F1F)$/i.test(style.fontColor ?? '') }).toEqual({ name, red: false });
  for (const { format } of numberFormats()) {
    expect(formatColor(1234.5, format)).toBeUndefined();
    expect(formatColor(0, format)).toBeUndefined();
  }
});

test('a column of numbers the template leaves without a width gets one that fits "($1,940.0M)"', () => {
  const cells = [
    { ref: 'B2', value: 5, format: F.usdM },
    { ref: 'F2', formula: '=B2', format: F.usdM },
    { ref: 'H2', value: 'a note', format: F.text },
  ];
  expect(withNumberWidths([200, 100], cells)).toEqual([200, 100, DEFAULT_WIDTH, DEFAULT_WIDTH, DEFAULT_WIDTH, NUMBER_WIDTH]);
  expect(withNumberWidths([200, 100, 90, 90, 90, 90, 90], cells)).toEqual([200, 100, 90, 90, 90, 90, 90]);
  // powered-shell writes announced contract values in column F beyond its stated widths.
  const shell = findTemplate('powered-shell')!.sheets[0];
  expect(shell.columnWidths![5]).toBe(NUMBER_WIDTH);
});

test.each(['keep-mining', 'gpu-cloud'])('%s: every percentage is labelled %% (no "fraction" unit)', (id) => {
  const sheet = findTemplate(id)!.sheets[0];
  const units = sheet.cells.filter((c) => c.ref.startsWith('C') && typeof c.value === 'string');
  expect(units.filter((c) => /fraction/i.test(c.value as string))).toEqual([]);
  for (const cell of sheet.cells.filter((c) => c.ref.startsWith('B') && (c.format === F.pct || c.format === F.lossPct))) {
    const unit = sheet.cells.find((c) => c.ref === cell.ref.replace('B', 'C'));
    expect({ ref: cell.ref, unit: unit?.value }).toEqual({ ref: cell.ref, unit: expect.stringMatching(/^%/) });
  }
});

test('keep-mining: the sensitivity\'s base case is boxed and reads the inputs', () => {
  const cells = findTemplate('keep-mining')!.sheets[0].cells.filter((c) => c.style === 'highlight');
  expect(cells.map((c) => c.formula)).toEqual(['=network_hashrate', '=btc_price', expect.stringMatching(/^=WATT\.HASHPRICE\(\$A\d+, D\$\d+, fees, subsidy\)$/)]);
  expect(STYLES.highlight).toMatchObject({ bold: true, border: expect.stringMatching(/^#[0-9A-F]{6}$/) });
});
