/** What the pane says for each kind of failure, in Excel and in the workbench. */
import { describeInsertError, describeInserted, ProtectedWorkbookError, RequirementError } from '../../src/taskpane/messages';

const adapterError = (code: string, message: string) => Object.assign(new Error(message), { name: 'TemplateInsertError', code });

test('the Excel adapter\'s refusals keep their own wording under a clear title', () => {
  const p = describeInsertError(adapterError('protected', 'The workbook structure is protected; nothing was changed.'), 'T', 'Excel');
  expect(p).toEqual({ intent: 'error', title: 'The workbook is protected', detail: 'The workbook structure is protected; nothing was changed.' });
  const u = describeInsertError(adapterError('unsupported', 'no ExcelApi 1.7'), 'T', 'Excel');
  expect(u.title).toBe('This version of Excel cannot insert templates');
  const outside = describeInsertError(adapterError('unsupported', 'Templates need Excel: Office.js is not loaded on this page.'), 'T', 'Excel');
  expect(outside.title).toBe('Templates need Excel');
  // said once (title), and the detail points at the workbench
  expect(`${outside.title} ${outside.detail}`.match(/Templates need Excel/g)).toHaveLength(1);
  expect(outside.detail).toContain('Office.js is not loaded');
  expect(outside.link).toEqual({ href: 'workbench.html', text: 'Open the workbench' });
  const n = describeInsertError(adapterError('name-taken', 'A sheet named "X" appeared'), 'T', 'Excel');
  expect(n.intent).toBe('warning');
  const f = describeInsertError(adapterError('failed', 'Could not insert template t: boom while writing; the sheets it had added were deleted.'), 'T', 'Excel');
  expect(f).toEqual({ intent: 'error', title: 'Excel could not insert "T"', detail: 'Could not insert template t: boom while writing; the sheets it had added were deleted.' });
});

test('raw Office.js errors are classified by code, with where they happened', () => {
  const denied = describeInsertError(Object.assign(new Error('Access denied'), { code: 'AccessDenied' }), 'T', 'Excel');
  expect(denied.title).toBe('The workbook is protected');
  const missing = describeInsertError(Object.assign(new Error('no api'), { code: 'ApiNotFound' }), 'T', 'Excel');
  expect(missing.title).toBe('This version of Excel cannot insert templates');
  const general = describeInsertError(Object.assign(new Error('An internal error has occurred.'), { code: 'GeneralException', debugInfo: { errorLocation: 'Worksheet.add' } }), 'T', 'Excel');
  expect(general.detail).toBe('An internal error has occurred (GeneralException at Worksheet.add). The workbook was left as it was.');
});

test('pre-checks and the engine adapter', () => {
  expect(describeInsertError(new RequirementError('ExcelApi', '1.7'), 'T', 'Excel').detail).toContain('ExcelApi 1.7');
  expect(describeInsertError(new ProtectedWorkbookError(), 'T', 'Excel').title).toBe('The workbook is protected');
  const engine = describeInsertError(new Error('Cannot insert template t: failed while writing S!B4 (x); the sheets added were removed.'), 'T', 'the workbench');
  expect(engine.title).toBe('The workbench could not insert "T"');
  // The adapter already says what happened to the workbook: not said twice.
  expect(engine.detail).toBe('Cannot insert template t: failed while writing S!B4 (x); the sheets added were removed.');
  const invalid = describeInsertError(Object.assign(new Error('cannot insert t: bad ref'), { name: 'TemplateError' }), 'T', 'Excel');
  expect(invalid.title).toBe('The template "T" is invalid');
  expect(describeInsertError('plain string', 'T', 'Excel').detail).toBe('plain string. The workbook was left as it was.');
});

test('success lists the sheets added', () => {
  expect(describeInserted('T', ['A']).detail).toMatch(/^Added sheet "A"\./);
  expect(describeInserted('T', ['A', 'B', 'C']).detail).toMatch(/^Added sheets "A", "B" and "C"\./);
  expect(describeInserted('T', []).detail).toBeUndefined();
});
