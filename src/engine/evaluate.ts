/**
 * Evaluates single formulas in the engine, each in a sheet of its own (a spill never collides with
 * the next formula), and reports the value, the spilled rows, or the error with its message.
 */
import { DetailedCellError, HyperFormula } from 'hyperformula';
import { createEngine, settleFetches, toEngineFormula } from './engine';
import { plainEngineMessage } from './messages';

export type Scalar = number | string | boolean | null;
export interface CellErrorValue {
  error: string;
  message: string;
}
export type Outcome =
  | { formula: string; value: Scalar | (Scalar | CellErrorValue)[][] }
  | { formula: string; error: string; message: string };

/** A cell value as plain data: numbers, text, booleans, null for empty, {error, message} for errors. */
export function plainCell(value: unknown): Scalar | CellErrorValue {
  if (value instanceof DetailedCellError) return { error: value.value, message: plainEngineMessage(value.message ?? '') };
  if (value === undefined) return null;
  return value as Scalar;
}

export class Evaluator {
  private readonly hf: HyperFormula;

  constructor(hf: HyperFormula = createEngine()) {
    this.hf = hf;
  }

  /** Evaluates at once. A WATT function that must fetch (WATT.NETWORK) shows #N/A "fetching …". */
  evaluate(formula: string): Outcome {
    const sheet = this.enter(formula);
    if (typeof sheet !== 'number') return sheet;
    try {
      return this.outcome(formula, sheet);
    } finally {
      this.hf.removeSheet(sheet);
    }
  }

  /** Evaluates, awaiting any network fetch the formula starts, then recalculating with the answers. */
  async evaluateAsync(formula: string): Promise<Outcome> {
    const sheet = this.enter(formula);
    if (typeof sheet !== 'number') return sheet;
    try {
      await settleFetches(this.hf);
      return this.outcome(formula, sheet);
    } finally {
      this.hf.removeSheet(sheet);
    }
  }

  /** Puts the formula in a sheet of its own: the sheet id, or the engine's refusal as an outcome. */
  private enter(formula: string): number | Outcome {
    const text = formula.trim().startsWith('=') ? formula.trim() : `=${formula.trim()}`;
    const sheetName = this.hf.addSheet();
    const sheet = this.hf.getSheetId(sheetName)!;
    try {
      this.hf.setCellContents({ sheet, row: 0, col: 0 }, toEngineFormula(text));
      return sheet;
    } catch (e) {
      this.hf.removeSheet(sheet);
      // Parser or engine refusal (e.g. a malformed formula): report it like a cell error.
      return { formula, error: '#ERROR!', message: plainEngineMessage(e instanceof Error ? e.message : String(e)) };
    }
  }

  private outcome(formula: string, sheet: number): Outcome {
    try {
      const values = this.hf.getSheetValues(sheet).map((row) => row.map(plainCell));
      const first = values[0]?.[0] ?? null;
      const spilled = values.length > 1 || (values[0]?.length ?? 0) > 1;
      if (!spilled) {
        if (first !== null && typeof first === 'object') return { formula, error: first.error, message: first.message };
        return { formula, value: first };
      }
      return { formula, value: values };
    } catch (e) {
      return { formula, error: '#ERROR!', message: plainEngineMessage(e instanceof Error ? e.message : String(e)) };
    }
  }
}
