// Parses RFC 4180 CSV text (the format of Pinterest catalog feeds) into rows of fields.

/**
 * Parses CSV text into rows of string fields.
 *
 * Quoted fields may contain commas, line breaks and doubled quotes (`""` stands for one `"`).
 * Lines end in LF or CRLF, and blank lines are skipped.
 *
 * @throws {SyntaxError} when a quoted field is not closed or a quote appears inside an unquoted field,
 *   naming the line where the problem starts.
 * @example
 * parseCsv('id,title\nMUG-SAND,"Mug, sand"\n'); // [['id', 'title'], ['MUG-SAND', 'Mug, sand']]
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let quoteLine = 1;

  const endRow = () => {
    row.push(field);
    if (row.length > 1 || row[0] !== '') rows.push(row);
    row = [];
    field = '';
  };

  for (let index = 0; index < text.length; index++) {
    const char = text[index];

    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index++;
      } else if (char === '"') {
        quoted = false;
      } else {
        if (char === '\n') line++;
        field += char;
      }
      continue;
    }

    if (char === '"') {
      if (field !== '')
        throw new SyntaxError(`Invalid CSV on line ${line}: a quote inside an unquoted field.`);
      quoted = true;
      quoteLine = line;
    } else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n') {
      endRow();
      line++;
    } else if (char !== '\r' || text[index + 1] !== '\n') {
      field += char;
    }
  }

  if (quoted) throw new SyntaxError(`Invalid CSV on line ${quoteLine}: a quoted field is not closed.`);
  if (field !== '' || row.length > 0) endRow();
  return rows;
}
