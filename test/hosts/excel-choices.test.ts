/**
 * Choice inputs in Excel: a list data validation (in-cell drop-down, anything else refused with a
 * message) where Excel has it (ExcelApi 1.8); on an older Excel the insert still succeeds without it
 * (the formulas reading the input check it anyway: see test/templates/choices.test.ts).
 */
import { ExcelTemplateAdapter } from '../../src/hosts/excel/template-adapter';
import { insertTemplate } from '../../src/templates';
import type { Template } from '../../src/templates/types';
import { FakeExcel } from './fake-excel';

const choice: Template = {
  id: 'choice',
  title: 'Choice',
  description: 'a yes/no input',
  asOf: '2026-11-27',
  keyAssumptions: [],
  answers: '',
  sheets: [{ title: 'In', cells: [{ ref: 'B1', value: 'yes', style: 'input', choices: ['yes', 'no'], name: 'flag' }, { ref: 'B2', value: 3 }] }],
};

test('ExcelApi 1.8: the choice cell gets a list validation with a stop alert; other cells none', async () => {
  const fake = new FakeExcel([FakeExcel.sheet('Sheet1')]);
  fake.apiVersion = 18;
  await insertTemplate(choice, new ExcelTemplateAdapter(fake.hosts()));
  const cells = fake.find('In')!.cells;
  expect(cells.B1.validation).toEqual({ list: { inCellDropDown: true, source: 'yes,no' } });
  expect(cells.B1.validationAlert).toEqual({ showAlert: true, style: 'Stop', title: 'Watt', message: 'Choose one of: yes, no.' });
  expect(cells.B1.value).toBe('yes');
  expect(cells.B2.validation).toBeUndefined();
});

test('ExcelApi 1.7: no validation written (the host lacks it), the insert succeeds', async () => {
  const fake = new FakeExcel([FakeExcel.sheet('Sheet1')]);
  fake.apiVersion = 7;
  await insertTemplate(choice, new ExcelTemplateAdapter(fake.hosts()));
  expect(fake.find('In')!.cells.B1).toMatchObject({ value: 'yes' });
  expect(fake.find('In')!.cells.B1.validation).toBeUndefined();
});
