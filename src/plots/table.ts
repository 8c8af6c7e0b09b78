// Small tables of results (one row per model or setting) as HTML, with a plain-text fallback.
import { showOutput } from './display';
import { formatNumber } from './format';
import { escapeXml } from './svg-chart';

export type TableRow = Record<string, string | number>;

/** Displays rows as a table below the cell; columns follow the keys in the order they first appear. */
export function showTable(rows: TableRow[]): void {
  showOutput({ 'text/plain': tableText(rows), 'text/html': tableHtml(rows) }, 'showTable');
}

export function tableHtml(rows: TableRow[]): string {
  const columns = columnNames(rows);
  const cells = (tag: string, values: string[]) => values.map((v) => `<${tag}>${escapeXml(v)}</${tag}>`).join('');
  const body = rows
    .map(
      (row) =>
        `<tr>${cells(
          'td',
          columns.map((c) => formatCell(row[c])),
        )}</tr>`,
    )
    .join('');
  return `<table><thead><tr>${cells('th', columns)}</tr></thead><tbody>${body}</tbody></table>`;
}

/** The table as aligned plain text, for terminals and text-only exports. */
export function tableText(rows: TableRow[]): string {
  const columns = columnNames(rows);
  const lines = [columns, ...rows.map((row) => columns.map((c) => formatCell(row[c])))];
  const widths = columns.map((_, j) => Math.max(...lines.map((cells) => cells[j].length)));
  return lines
    .map((cells) =>
      cells
        .map((cell, j) => cell.padEnd(widths[j]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function columnNames(rows: TableRow[]): string[] {
  if (rows.length === 0) throw new Error('The table has no rows; pass at least one object.');
  return [...new Set(rows.flatMap((row) => Object.keys(row)))];
}

/** Four significant digits keep losses readable; integers (epochs, counts) stay whole; a missing key stays blank. */
function formatCell(value: string | number | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'string' || Number.isInteger(value)) return String(value);
  return formatNumber(value, 4);
}
