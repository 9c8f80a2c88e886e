import fs from 'fs';
import path from 'path';
import fc from 'fast-check';
import { parseCsv, parseCsvRecords } from '../../src/core/csv';
import { isError, WattError } from '../../src/core/errors';

const DATA = path.resolve(__dirname, '..', '..', 'data');

describe('parseCsv (RFC 4180)', () => {
  it.each<[string, string[][]]>([
    ['', []],
    ['a,b\n', [['a', 'b']]],
    ['a,b\r\nc,d', [['a', 'b'], ['c', 'd']]],
    ['a,,b', [['a', '', 'b']]],
    ['a,', [['a', '']]],
    ['"x, y",z', [['x, y', 'z']]],
    ['"say ""hi"""', [['say "hi"']]],
    ['"two\nlines",b\nc,d\n', [['two\nlines', 'b'], ['c', 'd']]],
    ['"",x', [['', 'x']]],
    ['a"b,c', [['a"b', 'c']]],
  ])('%j', (text, rows) => {
    expect(parseCsv(text)).toEqual(rows);
  });

  it.each([
    ['"open', /never closed/],
    ['a\n"b"c', /closing quote on line 2/],
  ])('malformed %j is #VALUE!', (text, message) => {
    const result = parseCsv(text) as WattError;
    expect(isError(result)).toBe(true);
    expect(result.code).toBe('#VALUE!');
    expect(result.message).toMatch(message);
  });

  it('round-trips any table written with quoting', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r\n', ' ') });
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 5 }), (rows) => {
        const text = rows.map((r) => r.map((v) => `"${v.replace(/"/g, '""')}"`).join(',')).join('\r\n');
        expect(parseCsv(text)).toEqual(rows);
      }),
    );
  });

  it('records: keyed by header, wrong field count is an error', () => {
    expect(parseCsvRecords('x,y\n1,"2,3"\n')).toEqual([{ x: '1', y: '2,3' }]);
    const bad = parseCsvRecords('x,y\n1,2,3') as WattError;
    expect(bad.code).toBe('#VALUE!');
    expect(bad.message).toMatch(/record 2 .* 3 fields, the header has 2/);
  });

  it('reads every shipped data file with a constant field count', () => {
    for (const file of ['hpc-deals.csv', 'listed-miners.csv', 'listed-miners-2026.csv', 'network-2026.csv']) {
      const records = parseCsvRecords(fs.readFileSync(path.join(DATA, file), 'utf8'));
      expect(isError(records)).toBe(false);
      expect((records as Record<string, string>[]).length).toBeGreaterThan(5);
    }
    // The IREN row quotes a field with a comma: it must stay one field.
    const deals = parseCsvRecords(fs.readFileSync(path.join(DATA, 'hpc-deals.csv'), 'utf8')) as Record<string, string>[];
    expect(deals.map((d) => d.deal)).toContain('IREN Childress Horizon 1-4 (GPU cloud, not lease)');
  });
});
