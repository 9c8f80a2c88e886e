/**
 * What a number shows in a column too narrow for it, as Excel does: never a clipped number. A number
 * under a number format that does not fit fills the cell with "#"; under General, Excel first shows
 * fewer decimals, then scientific notation with fewer digits, and only then "#".
 *
 * `measure` gives a text's width in the cell's font (canvas measureText in the browser, an estimate in
 * tests); `available` is the width inside the cell's padding, in the same unit.
 */
import { formatGeneral, roundTo } from './numfmt';

export type Measure = (text: string) => number;

/** A row of "#" as wide as the cell allows (at least one). */
export function hashes(available: number, measure: Measure): string {
  const one = Math.max(measure('#'), 1e-9);
  return '#'.repeat(Math.max(1, Math.floor(available / one)));
}

/** Excel's General at a given number of significant digits (fixed when it is short, else scientific). */
function generalCandidates(value: number): string[] {
  const out: string[] = [];
  const abs = Math.abs(value);
  if (abs >= 1 && abs < 1e11) {
    // Fewer decimals first (never fewer integer digits: that would change the number's magnitude).
    const intDigits = Math.floor(Math.log10(abs)) + 1;
    for (let d = Math.max(0, 10 - intDigits); d >= 0; d--) out.push(trimFixed(roundTo(value, d).toFixed(d)));
  } else if (abs > 0 && abs < 1) {
    for (let d = 9; d >= 1; d--) {
      const s = trimFixed(roundTo(value, d).toFixed(d));
      if (Number(s) !== 0) out.push(s);
    }
  }
  for (let d = 5; d >= 0; d--) {
    const [mant, exp] = value.toExponential(d).split('e');
    const e = Number(exp);
    out.push(`${mant.replace(/\.?0+$/, '')}E${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`);
  }
  return out;
}

function trimFixed(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

const isGeneral = (format?: string) => !format || /^\s*general\s*$/i.test(format);

/**
 * The text a number cell shows in `available` width: `text` (the value under its format) when it fits;
 * under General a shorter rendering of the same value when one fits; else "#" across the cell.
 */
export function fitNumber(value: number, text: string, format: string | undefined, available: number, measure: Measure): string {
  if (measure(text) <= available) return text;
  if (isGeneral(format) && Number.isFinite(value)) {
    for (const candidate of generalCandidates(value)) if (candidate !== formatGeneral(value) && measure(candidate) <= available) return candidate;
  }
  return hashes(available, measure);
}
