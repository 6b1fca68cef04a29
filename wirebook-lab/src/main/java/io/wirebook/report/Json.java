package io.wirebook.report;

import java.util.List;
import java.util.Map;

/** A small JSON writer for maps, lists, strings, numbers, booleans and null: all results.json needs. */
public final class Json
{
    private Json()
    {
    }

    public static String write(final Object value)
    {
        final StringBuilder out = new StringBuilder(4096);
        write(out, value, 0);
        out.append('\n');
        return out.toString();
    }

    private static void write(final StringBuilder out, final Object value, final int indent)
    {
        switch (value)
        {
            case null -> out.append("null");
            case String s -> string(out, s);
            case Boolean b -> out.append(b);
            case Double d -> number(out, d);
            case Float f -> number(out, f);
            case Number n -> out.append(n.longValue());
            case Map<?, ?> map -> object(out, map, indent);
            case List<?> list -> array(out, list, indent);
            default -> string(out, value.toString());
        }
    }

    private static void number(final StringBuilder out, final double d)
    {
        if (Double.isNaN(d) || Double.isInfinite(d))
        {
            out.append("null");
        }
        else if (d == Math.rint(d) && Math.abs(d) < 1e15)
        {
            out.append((long)d);
        }
        else
        {
            out.append(Math.round(d * 1000.0) / 1000.0);
        }
    }

    private static void object(final StringBuilder out, final Map<?, ?> map, final int indent)
    {
        if (map.isEmpty())
        {
            out.append("{}");
            return;
        }
        out.append("{\n");
        int i = 0;
        for (final Map.Entry<?, ?> e : map.entrySet())
        {
            pad(out, indent + 2);
            string(out, String.valueOf(e.getKey()));
            out.append(": ");
            write(out, e.getValue(), indent + 2);
            out.append(++i < map.size() ? ",\n" : "\n");
        }
        pad(out, indent);
        out.append('}');
    }

    private static void array(final StringBuilder out, final List<?> list, final int indent)
    {
        if (list.isEmpty())
        {
            out.append("[]");
            return;
        }
        out.append("[\n");
        for (int i = 0; i < list.size(); i++)
        {
            pad(out, indent + 2);
            write(out, list.get(i), indent + 2);
            out.append(i + 1 < list.size() ? ",\n" : "\n");
        }
        pad(out, indent);
        out.append(']');
    }

    private static void pad(final StringBuilder out, final int n)
    {
        out.append(" ".repeat(n));
    }

    private static void string(final StringBuilder out, final String s)
    {
        out.append('"');
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            switch (c)
            {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default ->
                {
                    if (c < 0x20)
                    {
                        out.append(String.format("\\u%04x", (int)c));
                    }
                    else
                    {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
