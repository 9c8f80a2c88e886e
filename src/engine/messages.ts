/**
 * The engine's own messages in words a user reads. HyperFormula reports a formula it cannot parse in
 * its parser's terms ("Parsing error. Expecting token of type --> RParen <-- but found --> '' <--");
 * plainEngineMessage says the same of the formula (a closing parenthesis is missing). Any other message
 * (the WATT functions' own, Excel's errors) passes through unchanged. Pure: the CLI, recalc, the reader
 * and the workbench use it.
 */

/** The parser's token names, as a user would name the character. */
const TOKENS: Record<string, string> = {
  RParen: 'a closing parenthesis ")"',
  LParen: 'an opening parenthesis "("',
  ArrayRParen: 'a closing brace "}"',
  ArrayLParen: 'an opening brace "{"',
  ArgSeparator: 'a comma ","',
  ArrayColSep: 'a comma ","',
  ArrayRowSep: 'a semicolon ";"',
  RangeSeparator: 'a colon ":"',
  CellReference: 'a cell reference',
  StringLiteral: 'a text in quotes',
  NumberLiteral: 'a number',
  EOF: 'the end of the formula',
};

const tokenName = (t: string) => TOKENS[t] ?? t.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
const foundText = (found: string) => (found === '' ? 'the formula ends there' : `found "${found}"`);

/** A parse error of the engine as a sentence; other messages unchanged. */
export function plainEngineMessage(message: string): string {
  if (!message) return message;
  const parse = /^Parsing error\.?\s*([\s\S]*)$/.exec(message.trim());
  if (!parse) return message;
  const detail = parse[1];
  const prefix = 'The formula cannot be read: ';
  let m = /Expecting token of type --> (\w+) <-- but found --> '([\s\S]*?)' <--/.exec(detail);
  if (m) return `${prefix}${tokenName(m[1])} is expected but ${foundText(m[2])}${m[1] === 'RParen' && m[2] === '' ? ' (a parenthesis is not closed)' : ''}.`;
  m = /Expecting: one of these possible Token sequences:[\s\S]*?but found: '([\s\S]*?)'/.exec(detail);
  if (m) return `${prefix}a value, a reference or a function is expected but ${foundText(m[1])}${m[1] === '' ? ' (an operator, a comma or a colon with nothing after it?)' : ''}.`;
  m = /Redundant input, expecting EOF but found: ([\s\S]*)$/.exec(detail);
  if (m) return `${prefix}"${m[1].trim()}" is left over after a complete formula (an extra parenthesis, or an operator missing between two values?).`;
  m = /unexpected character: ->([\s\S])<- at offset: (\d+)/.exec(detail);
  if (m) {
    const hint = m[1] === '"' ? ' (a text is not closed with a quote?)' : m[1] === "'" ? ' (a sheet name is not closed with a quote?)' : '';
    return `${prefix}the character ${m[1] === '"' ? `'"'` : `"${m[1]}"`} at position ${Number(m[2]) + 1} is not part of a formula${hint}.`;
  }
  return `${prefix}${detail.split('\n')[0].replace(/-->|<--|->|<-/g, '"').trim() || 'its syntax is not Excel\'s'}.`;
}
