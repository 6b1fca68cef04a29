package io.wirebook.lab;

/** Reads back the values a child JVM wrote to its properties file, as the types the report wants. */
final class PropertyValues
{
    private PropertyValues()
    {
    }

    /** A whole number as Long, else a decimal as Double, "true"/"false" as Boolean, null for "null", else the text. */
    static Object parse(final String value)
    {
        if (value == null || "null".equals(value))
        {
            // Written for a figure that does not apply (String.valueOf(null)).
            return null;
        }
        if ("true".equals(value) || "false".equals(value))
        {
            return Boolean.valueOf(value);
        }
        try
        {
            return Long.parseLong(value);
        }
        catch (final NumberFormatException ex)
        {
            try
            {
                return Double.parseDouble(value);
            }
            catch (final NumberFormatException ex2)
            {
                return value;
            }
        }
    }
}
