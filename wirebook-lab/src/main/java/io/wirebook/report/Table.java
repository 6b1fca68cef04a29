package io.wirebook.report;

import java.util.List;

/**
 * One table of a run's results, laid out once and shown twice: as text on stdout ({@link #text()}) and as an HTML
 * table in the report ({@link HtmlReport}). The first column names the row and is left-aligned, the others are
 * figures, right-aligned.
 *
 * @param title    what the table measures.
 * @param columns  the column headings.
 * @param rows     the rows, in order.
 * @param footnote what the headings abbreviate, or empty.
 */
public record Table(String title, List<String> columns, List<Row> rows, String footnote)
{
    private static final int MIN_NAME_WIDTH = 16;
    private static final int MIN_FIGURE_WIDTH = 7;
    private static final String GAP = "  ";

    /**
     * A row: a name and its figures, or, when {@code note} is not null, a name and one remark in place of the
     * figures (a skipped path's reason).
     */
    public record Row(String name, List<String> cells, String note)
    {
        public static Row of(final String name, final List<String> cells)
        {
            return new Row(name, List.copyOf(cells), null);
        }

        public static Row note(final String name, final String note)
        {
            return new Row(name, List.of(), note);
        }
    }

    public Table
    {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }

    /** The table as fixed-width text: the title, the heading line and one line per row. */
    public String text()
    {
        final int[] widths = widths();
        final StringBuilder out = new StringBuilder();
        out.append(title).append('\n');
        line(out, widths, columns.getFirst(), columns.subList(1, columns.size()));
        for (final Row row : rows)
        {
            if (row.note() != null)
            {
                out.append(pad(row.name(), widths[0])).append(GAP).append(row.note()).append('\n');
            }
            else
            {
                line(out, widths, row.name(), row.cells());
            }
        }
        if (!footnote.isEmpty())
        {
            out.append('(').append(footnote).append(")\n");
        }
        return out.toString();
    }

    private int[] widths()
    {
        final int[] widths = new int[columns.size()];
        for (int c = 0; c < columns.size(); c++)
        {
            widths[c] = Math.max(c == 0 ? MIN_NAME_WIDTH : MIN_FIGURE_WIDTH, columns.get(c).length());
        }
        for (final Row row : rows)
        {
            if (row.note() == null)
            {
                widths[0] = Math.max(widths[0], row.name().length());
                for (int c = 0; c < row.cells().size() && c + 1 < widths.length; c++)
                {
                    widths[c + 1] = Math.max(widths[c + 1], row.cells().get(c).length());
                }
            }
        }
        return widths;
    }

    private static void line(final StringBuilder out, final int[] widths, final String name, final List<String> cells)
    {
        out.append(pad(name, widths[0]));
        for (int c = 0; c < cells.size(); c++)
        {
            final String cell = cells.get(c);
            out.append(GAP).append(" ".repeat(Math.max(0, widths[c + 1] - cell.length()))).append(cell);
        }
        out.append('\n');
    }

    private static String pad(final String text, final int width)
    {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }
}
