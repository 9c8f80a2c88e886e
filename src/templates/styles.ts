/**
 * How each cell style looks, shared by every host (Excel through Office.js, the workbench through the
 * engine's side map). Banker's convention: inputs blue on pale yellow, outputs black on light grey,
 * formulas never coloured as inputs, red only for bad news: no style is red; a loss is red through its
 * number format (builder's `F.loss*`, `verdictFormat`), so it is red only when the number is bad.
 */
import type { CellStyle } from './types';

export interface StyleSpec {
  /** Fill colour, "#RRGGBB"; absent: no fill. */
  fill?: string;
  /** Font colour, "#RRGGBB". */
  fontColor?: string;
  bold?: boolean;
  italic?: boolean;
  /** Font size in points; absent: the workbook default. */
  size?: number;
  /** A box around the cell (medium line), "#RRGGBB"; absent: none. */
  border?: string;
}

export const STYLES: Readonly<Record<CellStyle, StyleSpec>> = {
  title: { bold: true, size: 14, fontColor: '#1F3864' },
  subtitle: { italic: true, fontColor: '#595959' },
  header: { bold: true, fill: '#D9E1F2', fontColor: '#1F3864' },
  label: { fontColor: '#000000' },
  input: { fill: '#FFF2CC', fontColor: '#0000FF' },
  output: { fill: '#EDEDED', fontColor: '#000000' },
  note: { italic: true, fontColor: '#595959' },
  source: { italic: true, fontColor: '#7F7F7F', size: 9 },
  /** A caution to read (a check outside a published range, rows left out): dark amber, not red. */
  warning: { bold: true, fontColor: '#9C5700' },
  /** The base case of a sensitivity table: bold, boxed, on the outputs' grey. */
  highlight: { bold: true, fill: '#EDEDED', fontColor: '#000000', border: '#1F3864' },
};
