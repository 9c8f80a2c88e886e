/**
 * A small Excel number-format renderer for the workbench grid: enough of Excel's format language for
 * the formats templates use, rendered the way Excel renders them.
 *
 *  - Sections "positive;negative;zero;text"; with a negative section the sign is not printed.
 *  - Digit placeholders 0 # ?, decimal point, thousands separator "," and trailing "," scaling
 *    (each divides by 1,000: $#,##0.0,,"M" shows 12345678 as $12.3M), "%" (x100), E+00 exponents.
 *  - Literals: "quoted text", \x escapes, $ - + / ( ) : space, [$€-407] currency brackets; [>100]
 *    conditions are ignored; _x adds a space, *x repeats nothing. [Red]-style colours print nothing:
 *    `formatColor` gives the colour of the section a value falls in.
 *  - "@" text; "General" as Excel shows it in a standard-width column (at most 11 characters).
 *  - Dates and times on the 1900 date system (serial 1 = 1900-01-01, Excel's phantom 1900-02-29 kept):
 *    yyyy yy m mm mmm mmmm d dd ddd dddd h hh m mm (minutes after h or before s) ss AM/PM.
 *
 * Values are rounded at 15 significant digits first, as Excel stores them, then to the format's
 * decimals (half away from zero).
 */

export type CellValue = number | string | boolean | null;

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Splits on ";" outside quotes, brackets and escapes. */
function splitSections(format: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  let bracket = false;
  for (let i = 0; i < format.length; i++) {
    const ch = format[i];
    if (ch === '\\' && !quoted && i + 1 < format.length) {
      cur += ch + format[++i];
      continue;
    }
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '[') bracket = true;
    else if (!quoted && ch === ']') bracket = false;
    if (ch === ';' && !quoted && !bracket) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

type Token =
  | { kind: 'lit'; text: string }
  | { kind: 'digit'; ch: '0' | '#' | '?' }
  | { kind: 'point' }
  | { kind: 'comma' }
  | { kind: 'percent' }
  | { kind: 'exp'; sign: '+' | '-' }
  | { kind: 'text' }
  | { kind: 'date'; code: string };

/** Tokenizes one section. `dateMode` reads y/m/d/h/s runs as date codes. */
function tokenize(section: string, dateMode: boolean): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const lit = (text: string) => {
    const last = tokens[tokens.length - 1];
    if (last && last.kind === 'lit') last.text += text;
    else tokens.push({ kind: 'lit', text });
  };
  while (i < section.length) {
    const ch = section[i];
    const rest = section.slice(i);
    if (ch === '"') {
      const end = section.indexOf('"', i + 1);
      lit(section.slice(i + 1, end < 0 ? section.length : end));
      i = end < 0 ? section.length : end + 1;
    } else if (ch === '\\') {
      lit(section[i + 1] ?? '');
      i += 2;
    } else if (ch === '[') {
      const end = section.indexOf(']', i);
      const inner = section.slice(i + 1, end < 0 ? section.length : end);
      if (inner.startsWith('$')) lit(inner.slice(1).split('-')[0]);
      // colours, conditions and elapsed-time brackets are ignored
      i = end < 0 ? section.length : end + 1;
    } else if (ch === '_') {
      lit(' ');
      i += 2;
    } else if (ch === '*') {
      i += 2;
    } else if (ch === '@') {
      tokens.push({ kind: 'text' });
      i++;
    } else if (dateMode && /^(am\/pm|a\/p)/i.test(rest)) {
      const m = /^(am\/pm|a\/p)/i.exec(rest)![0];
      tokens.push({ kind: 'date', code: m.toLowerCase() });
      i += m.length;
    } else if (dateMode && /[ymdhs]/i.test(ch)) {
      let j = i;
      while (j < section.length && section[j].toLowerCase() === ch.toLowerCase()) j++;
      tokens.push({ kind: 'date', code: section.slice(i, j).toLowerCase() });
      i = j;
    } else if (dateMode && ch === '.' && /^\.0+/.test(rest)) {
      const m = /^\.0+/.exec(rest)![0];
      tokens.push({ kind: 'date', code: m });
      i += m.length;
    } else if (!dateMode && (ch === '0' || ch === '#' || ch === '?')) {
      tokens.push({ kind: 'digit', ch });
      i++;
    } else if (!dateMode && ch === '.') {
      tokens.push({ kind: 'point' });
      i++;
    } else if (!dateMode && ch === ',') {
      tokens.push({ kind: 'comma' });
      i++;
    } else if (ch === '%') {
      tokens.push({ kind: 'percent' });
      i++;
    } else if (!dateMode && /^[eE][+-]/.test(rest)) {
      tokens.push({ kind: 'exp', sign: rest[1] as '+' | '-' });
      i += 2;
    } else {
      lit(ch);
      i++;
    }
  }
  return tokens;
}

function isDateSection(section: string): boolean {
  const stripped = section.replace(/"[^"]*"/g, '').replace(/\\./g, '').replace(/\[[^\]]*\]/g, '');
  return /[ymdhs]/i.test(stripped) && !/[0#?]/.test(stripped.replace(/\.0+/g, ''));
}

/** Rounds half away from zero to `decimals`, after Excel's 15 significant digits. */
export function roundTo(value: number, decimals: number): number {
  if (!Number.isFinite(value)) return value;
  const v = Number(value.toPrecision(15));
  const sign = v < 0 ? -1 : 1;
  const shifted = Number(`${Math.abs(v)}e${decimals}`);
  if (!Number.isFinite(shifted)) return v;
  return sign * Number(`${Math.round(shifted)}e-${decimals}`);
}

/** Groups an integer digit string by thousands. */
function group(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function formatNumberSection(value: number, tokens: Token[], signed: boolean): string {
  // Scaling: "%" multiplies by 100; commas right after the last digit placeholder (before the point
  // or at the end of the number part) divide by 1,000 each.
  let v = value;
  const percents = tokens.filter((t) => t.kind === 'percent').length;
  v *= 100 ** percents;
  const lastDigit = tokens.map((t) => t.kind === 'digit' || t.kind === 'point').lastIndexOf(true);
  const firstDigit = tokens.findIndex((t) => t.kind === 'digit' || t.kind === 'point');
  let scale = 0;
  for (let k = lastDigit + 1; k < tokens.length && tokens[k].kind === 'comma'; k++) scale++;
  const pointAt = tokens.findIndex((t) => t.kind === 'point');
  if (pointAt > 0) for (let k = pointAt - 1; k >= 0 && tokens[k].kind === 'comma'; k--) scale++;
  v /= 1000 ** scale;
  const thousands = tokens.some((t, k) => t.kind === 'comma' && k > firstDigit && k < (pointAt >= 0 ? pointAt : lastDigit) && tokens.slice(k + 1).some((u) => u.kind === 'digit'));

  const expAt = tokens.findIndex((t) => t.kind === 'exp');
  const numberEnd = expAt >= 0 ? expAt : tokens.length;
  const intPlaceholders = tokens.slice(0, pointAt >= 0 ? pointAt : numberEnd).filter((t) => t.kind === 'digit') as { kind: 'digit'; ch: string }[];
  const fracPlaceholders = pointAt >= 0 ? (tokens.slice(pointAt + 1, numberEnd).filter((t) => t.kind === 'digit') as { kind: 'digit'; ch: string }[]) : [];

  let exponent = 0;
  if (expAt >= 0 && v !== 0) {
    const intDigits = Math.max(1, intPlaceholders.length);
    exponent = Math.floor(Math.log10(Math.abs(v))) - (intDigits - 1);
    v /= 10 ** exponent;
    if (Math.abs(roundTo(v, fracPlaceholders.length)) >= 10 ** intDigits) {
      v /= 10;
      exponent += 1;
    }
  }

  const negative = v < 0 && roundTo(Math.abs(v), fracPlaceholders.length) !== 0;
  const rounded = roundTo(Math.abs(v), fracPlaceholders.length);
  const fixed = rounded.toFixed(fracPlaceholders.length);
  let [intPart, fracPart = ''] = fixed.split('.');

  // Integer digits: at least as many as "0" placeholders; "#" shows nothing for a leading zero.
  const minInt = intPlaceholders.filter((p) => p.ch === '0').length;
  if (intPart === '0' && minInt === 0) intPart = '';
  intPart = intPart.padStart(minInt, '0');
  if (intPlaceholders.filter((p) => p.ch === '?').length > 0 && intPart.length < intPlaceholders.length) {
    intPart = intPart.padStart(intPlaceholders.length - intPlaceholders.filter((p) => p.ch === '#').length, ' ');
  }
  if (thousands) intPart = group(intPart);
  // Fraction: trailing zeros dropped where the placeholder is "#", spaced where "?".
  const fracChars = fracPart.split('');
  for (let k = fracChars.length - 1; k >= 0; k--) {
    if (fracChars[k] !== '0') break;
    const p = fracPlaceholders[k].ch;
    if (p === '#') fracChars.pop();
    else if (p === '?') fracChars[k] = ' ';
    else break;
  }
  fracPart = fracChars.join('');

  let out = '';
  let numberWritten = false;
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.kind === 'lit') out += t.text;
    else if (t.kind === 'percent') out += '%';
    else if (t.kind === 'text') continue;
    else if (t.kind === 'exp') {
      const e = Math.abs(exponent);
      const digits = tokens.slice(k + 1).filter((u) => u.kind === 'digit').length;
      out += `E${exponent < 0 ? '-' : t.sign === '+' ? '+' : ''}${String(e).padStart(Math.max(1, digits), '0')}`;
      // skip the exponent's digit placeholders
      while (k + 1 < tokens.length && tokens[k + 1].kind === 'digit') k++;
    } else if (!numberWritten && (t.kind === 'digit' || t.kind === 'point' || t.kind === 'comma')) {
      out += intPart + (pointAt >= 0 ? '.' + fracPart : '');
      numberWritten = true;
      // skip the rest of the number's placeholders
      while (k + 1 < numberEnd && ['digit', 'point', 'comma'].includes(tokens[k + 1].kind)) k++;
    }
  }
  if (signed && negative) out = '-' + out;
  return out;
}

function excelDate(serial: number): { y: number; m: number; d: number; dow: number; H: number; M: number; S: number; frac: number } {
  let days = Math.floor(serial);
  let secs = Math.round((serial - days) * 86400 * 1000) / 1000;
  if (secs >= 86400) {
    days += 1;
    secs -= 86400;
  }
  const offset = days < 60 ? days : days - 1; // days since 1899-12-31, without the phantom day
  const date = new Date(Date.UTC(1899, 11, 31) + offset * 86400000);
  // Excel's own days: 0 is "1900-01-00", 60 the phantom 1900-02-29 (times of day kept on both).
  const [y, m, d] = days === 0 ? [1900, 1, 0] : days === 60 ? [1900, 2, 29] : [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
  const whole = Math.floor(secs);
  return {
    y,
    m,
    d,
    dow: (days + 6) % 7, // Excel counts weekdays from serial 1, a Sunday (so 1900-01-01..02-28 are a day off reality)
    H: Math.floor(whole / 3600),
    M: Math.floor((whole % 3600) / 60),
    S: whole % 60,
    frac: secs - whole,
  };
}

function formatDateSection(serial: number, tokens: Token[]): string {
  if (serial < 0 || serial >= 2958466) return '#'.repeat(11); // Excel shows #### for dates out of range
  const t = excelDate(serial);
  const ampm = tokens.some((x) => x.kind === 'date' && (x.code === 'am/pm' || x.code === 'a/p'));
  const codes = tokens.map((x) => (x.kind === 'date' ? x.code : ''));
  let out = '';
  tokens.forEach((tok, k) => {
    if (tok.kind === 'lit') out += tok.text;
    else if (tok.kind === 'percent') out += '%';
    else if (tok.kind === 'date') {
      const c = tok.code;
      const prev = codes.slice(0, k).reverse().find((x) => x && x[0] !== '.') ?? '';
      const next = codes.slice(k + 1).find((x) => x && x[0] !== '.') ?? '';
      const isMinute = c[0] === 'm' && c.length <= 2 && (prev[0] === 'h' || next[0] === 's');
      const hour12 = ((t.H + 11) % 12) + 1;
      if (c[0] === 'y') out += c.length <= 2 ? String(t.y % 100).padStart(2, '0') : String(t.y);
      else if (isMinute) out += c.length === 2 ? String(t.M).padStart(2, '0') : String(t.M);
      else if (c[0] === 'm') {
        if (c.length === 1) out += String(t.m);
        else if (c.length === 2) out += String(t.m).padStart(2, '0');
        else if (c.length === 3) out += MONTHS[t.m - 1].slice(0, 3);
        else if (c.length === 5) out += MONTHS[t.m - 1][0];
        else out += MONTHS[t.m - 1];
      } else if (c[0] === 'd') {
        if (c.length === 1) out += String(t.d);
        else if (c.length === 2) out += String(t.d).padStart(2, '0');
        else if (c.length === 3) out += DAYS[t.dow].slice(0, 3);
        else out += DAYS[t.dow];
      } else if (c[0] === 'h') {
        const hour = ampm ? hour12 : t.H;
        out += c.length >= 2 ? String(hour).padStart(2, '0') : String(hour);
      } else if (c[0] === 's') out += c.length >= 2 ? String(t.S).padStart(2, '0') : String(t.S);
      else if (c[0] === '.') out += t.frac.toFixed(c.length - 1).slice(1);
      else if (c === 'am/pm') out += t.H < 12 ? 'AM' : 'PM';
      else if (c === 'a/p') out += t.H < 12 ? 'A' : 'P';
    }
  });
  return out;
}

/** Excel's General format in a standard-width column: integers as is up to 11 digits, else 10 significant digits or scientific. */
export function formatGeneral(value: number): string {
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1e11 || abs < 1e-9) {
    const [mant, exp] = value.toExponential(5).split('e');
    const m = mant.replace(/\.?0+$/, '');
    const e = Number(exp);
    return `${m}E${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  const intDigits = Math.max(1, Math.floor(Math.log10(abs)) + 1);
  const decimals = Math.max(0, 10 - intDigits - (value < 0 ? 1 : 0));
  const s = roundTo(value, decimals).toFixed(decimals);
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/**
 * The section of a format a number is shown with: the second for a negative number (then the sign is
 * not printed), the third for zero, else the first.
 */
function sectionFor(value: number, sections: string[]): { section: string; signed: boolean } {
  if (value < 0 && sections.length >= 2 && sections[1] !== '') return { section: sections[1], signed: false };
  if (value === 0 && sections.length >= 3 && sections[2] !== '') return { section: sections[2], signed: true };
  return { section: sections[0], signed: true };
}

/** Excel's eight named format colours, as CSS colours (Excel's palette). */
const FORMAT_COLORS: Record<string, string> = {
  black: '#000000',
  white: '#FFFFFF',
  red: '#FF0000',
  green: '#00FF00',
  blue: '#0000FF',
  yellow: '#FFFF00',
  magenta: '#FF00FF',
  cyan: '#00FFFF',
};

/**
 * The colour a format gives a value ([Red], [Blue], ... in the section the value falls in), as a
 * CSS colour; undefined when the section names none. `$#,##0;[Red]($#,##0)` shows a loss in red.
 */
export function formatColor(value: CellValue, format?: string): string | undefined {
  if (!format || value === null || typeof value === 'boolean') return undefined;
  const sections = splitSections(format);
  const section = typeof value === 'string' ? (sections.length >= 4 ? sections[3] : undefined) : Number.isFinite(value) ? sectionFor(value, sections).section : undefined;
  if (section === undefined) return undefined;
  for (const m of section.replace(/"[^"]*"/g, '').matchAll(/\[([A-Za-z]+)\]/g)) {
    const color = FORMAT_COLORS[m[1].toLowerCase()];
    if (color) return color;
  }
  return undefined;
}

/**
 * The text Excel shows for a value under a number format. Text values go through the text section
 * (or "@"); booleans print TRUE/FALSE; null prints "".
 */
export function formatValue(value: CellValue, format?: string): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  const fmt = format && format.trim() !== '' ? format : 'General';
  const sections = splitSections(fmt);
  if (typeof value === 'string') {
    const textSection = sections.length >= 4 ? sections[3] : sections.find((s) => s.includes('@'));
    if (!textSection) return value;
    return tokenize(textSection, false)
      .map((t) => (t.kind === 'text' ? value : t.kind === 'lit' ? t.text : ''))
      .join('');
  }
  if (!Number.isFinite(value)) return '#NUM!';
  const { section, signed } = sectionFor(value, sections);
  const v = signed ? value : -value;
  if (/^\s*general\s*$/i.test(section.replace(/\[[^\]]*\]/g, ''))) return formatGeneral(v) + '';
  if (/general/i.test(section)) return section.replace(/"[^"]*"/g, (q) => q.slice(1, -1)).replace(/general/i, formatGeneral(v));
  if (isDateSection(section)) return formatDateSection(v, tokenize(section, true));
  const tokens = tokenize(section, false);
  if (!tokens.some((t) => t.kind === 'digit' || t.kind === 'point')) {
    // A section of literals only (e.g. "-" for zero, or "@" for numbers: Excel shows General).
    if (tokens.some((t) => t.kind === 'text')) return formatGeneral(v);
    return tokens.map((t) => (t.kind === 'lit' ? t.text : t.kind === 'percent' ? '%' : '')).join('');
  }
  return formatNumberSection(v, tokens, signed);
}

/** Whether a format shows dates (so the editor accepts and shows yyyy-mm-dd). */
export function isDateFormat(format?: string): boolean {
  return !!format && isDateSection(splitSections(format)[0]);
}

/** Excel serial (1900 system) of a calendar date. */
export function serialFromDate(y: number, m: number, d: number): number {
  const days = Math.round((Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 31)) / 86400000);
  return days >= 60 ? days + 1 : days;
}
