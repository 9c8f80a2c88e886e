/**
 * The edge between Watt's errors and the host's. In Excel the global `CustomFunctions` exists and a
 * `WattError` becomes a `CustomFunctions.Error` (Excel shows the message on #VALUE! and #N/A). In
 * the embedded engine and in tests there is no such global and the `WattError` itself is thrown;
 * the engine adapter maps it to a HyperFormula `CellError` with the same code and message.
 */
import { ErrorCode, WattError } from '../../core/errors';

declare const CustomFunctions: {
  Error: new (code: string, message?: string) => unknown;
  ErrorCode: Record<string, string>;
} | undefined;

const EXCEL_CODES: Record<ErrorCode, string> = {
  '#VALUE!': 'invalidValue',
  '#NUM!': 'invalidNumber',
  '#N/A': 'notAvailable',
};

export function toHostError(error: WattError): unknown {
  if (typeof CustomFunctions !== 'undefined' && CustomFunctions && typeof CustomFunctions.Error === 'function') {
    const code = CustomFunctions.ErrorCode[EXCEL_CODES[error.code]];
    return new CustomFunctions.Error(code, error.message);
  }
  return error;
}
