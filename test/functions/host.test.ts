/**
 * In Excel the global CustomFunctions exists: a wrapper then throws CustomFunctions.Error with Excel's
 * error code and Watt's message (Excel shows the message on #VALUE! and #N/A).
 */
import { hashprice, breakeven } from '../../src/functions/mining';

class FakeError {
  constructor(
    readonly code: string,
    readonly message?: string,
  ) {}
}

const g = globalThis as unknown as { CustomFunctions?: unknown };

beforeAll(() => {
  g.CustomFunctions = {
    Error: FakeError,
    ErrorCode: { invalidValue: '#VALUE!', notAvailable: '#N/A', invalidNumber: '#NUM!', divisionByZero: '#DIV/0!', nullReference: '#NULL!', invalidName: '#NAME?', invalidReference: '#REF!' },
  };
});
afterAll(() => {
  delete g.CustomFunctions;
});

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

test('bad input throws CustomFunctions.Error #VALUE! with the message', () => {
  const e = thrown(() => hashprice(90000, -5));
  expect(e).toBeInstanceOf(FakeError);
  expect(e).toEqual(new FakeError('#VALUE!', 'network_hashrate must be > 0 EH/s (got -5)'));
});

test('a result with no finite value throws #NUM!', () => {
  expect(thrown(() => breakeven(17.5, 0.06, 1100, 0, 3.125, 1))).toEqual(new FakeError('#NUM!', 'no finite breakeven: a pool fee of 100% leaves no revenue'));
});

test('Excel passes null for an omitted optional argument: the default applies', () => {
  expect(hashprice(90000, 1100, null as unknown as number, null as unknown as number)).toBeCloseTo((90000 * 144 * 3.125) / 1_100_000, 12);
});
