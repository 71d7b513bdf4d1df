/**
 * The views' text alternative in numbers: a disclosure with a table of the values a diagram shows.
 * Each view says what its columns and rows are (as data); this draws them, the same way everywhere.
 */
import type { ReactNode } from 'react';

export interface TableCell {
  content: ReactNode;
  className?: string;
  /** data-* attributes the browser tests read */
  attrs?: Record<string, string | number | undefined>;
}

export interface TableRow {
  key: string | number;
  /** the row header (a th scope="row") */
  head: ReactNode;
  cells: TableCell[];
  attrs?: Record<string, string | number | undefined>;
}

export interface TableColumn {
  key: string;
  head: ReactNode;
}

export function ValuesTable({
  className = 'dv-data',
  summary,
  caption,
  corner,
  columns,
  rows,
  scroll,
}: {
  className?: string;
  summary: ReactNode;
  caption: ReactNode;
  /** the header of the row-header column */
  corner: ReactNode;
  columns: TableColumn[];
  rows: TableRow[];
  /** wrap the table in a focusable scrolling region (for wide tables), with this class and name */
  scroll?: { className: string; label: string };
}) {
  const table = (
    <table>
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{corner}</th>
          {columns.map((c) => (
            <th key={c.key} scope="col">
              {c.head}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key} {...r.attrs}>
            <th scope="row">{r.head}</th>
            {r.cells.map((c, i) => (
              <td key={columns[i]?.key ?? i} className={c.className} {...c.attrs}>
                {c.content}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
  return (
    <details className={className}>
      <summary>{summary}</summary>
      {scroll ? (
        // the wrapper scrolls, not the table, so the table never needs a tab stop of its own
        <div className={scroll.className} tabIndex={0} role="region" aria-label={scroll.label}>
          {table}
        </div>
      ) : (
        table
      )}
    </details>
  );
}
