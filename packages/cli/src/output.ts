/** Human output is an aligned table; `--json` output is exactly the API's JSON shapes. */
export function printRows(rows: Record<string, unknown>[], columns: string[]) {
  if (rows.length === 0) {
    console.log('(none)');
    return;
  }
  const cell = (v: unknown) => (v === null || v === undefined ? '' : String(v));
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  console.log(line(columns));
  for (const row of rows) console.log(line(columns.map((c) => cell(row[c]))));
}

export const printJson = (value: unknown) => console.log(JSON.stringify(value, null, 2));
