package io.wirebook.lab;

/** Reads back the values a child JVM wrote to its properties file, as the types the report wants. */
final class PropertyValues
{
    private PropertyValues()
    {
    }

    /** A whole number as Long, else a decimal as Double, else the text itself. */
    static Object parse(final String value)
    {
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
