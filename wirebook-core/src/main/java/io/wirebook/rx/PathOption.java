package io.wirebook.rx;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One option of a receive path: its key, its default, the values it takes and a line of help, with the parser that
 * turns the user's text into its value. Each path's options class declares its options as constants of this type
 * (as Aeron's {@code Configuration} declares its properties), so the key, its default, its check and its help are
 * written once; the path reads them at open with {@link #from(RxConfig)}.
 *
 * @param key          the option's name, its path's prefix first ({@code xdp.mode}).
 * @param defaultValue the value when the option is not given.
 * @param defaultText  the default as the help shows it.
 * @param values       what values it takes, e.g. {@code native|skb}, {@code 1..1024}.
 * @param help         what it sets, in a line.
 * @param parser       the value of a text, or null when the text is not one of {@code values}.
 * @param <T>          the value's type.
 */
public record PathOption<T>(String key, T defaultValue, String defaultText, String values, String help,
    Function<String, T> parser)
{
    /** true or false (any case). */
    public static PathOption<Boolean> flag(final String key, final boolean defaultValue, final String help)
    {
        return new PathOption<>(key, defaultValue, Boolean.toString(defaultValue), "true|false", help,
            PathOption::parseFlag);
    }

    /** A whole number from {@code min} to {@code max}. */
    public static PathOption<Integer> integer(
        final String key, final int defaultValue, final int min, final int max, final String help)
    {
        return new PathOption<>(key, defaultValue, Integer.toString(defaultValue), range(min, max), help,
            text -> inRange(parseInt(text), min, max));
    }

    /** A power of two from {@code min} to {@code max} (both powers of two). */
    public static PathOption<Integer> powerOfTwo(
        final String key, final int defaultValue, final int min, final int max, final String help)
    {
        return new PathOption<>(key, defaultValue, Integer.toString(defaultValue),
            "a power of two " + min + ".." + max, help, text ->
            {
                final Integer value = inRange(parseInt(text), min, max);
                return value != null && Integer.bitCount(value) == 1 ? value : null;
            });
    }

    /** One of the whole numbers {@code allowed}. */
    public static PathOption<Integer> oneOf(
        final String key, final int defaultValue, final String help, final int... allowed)
    {
        return new PathOption<>(key, defaultValue, Integer.toString(defaultValue),
            Arrays.stream(allowed).mapToObj(Integer::toString).collect(Collectors.joining("|")), help, text ->
            {
                final Integer value = parseInt(text);
                return value != null && Arrays.stream(allowed).anyMatch(a -> a == value) ? value : null;
            });
    }

    /** One of the words {@code allowed} (any case); the value is the word in lower case. */
    public static PathOption<String> choice(
        final String key, final String defaultValue, final String help, final String... allowed)
    {
        return new PathOption<>(key, defaultValue, defaultValue, String.join("|", allowed), help, text ->
        {
            final String word = text.toLowerCase(Locale.ROOT);
            return Arrays.asList(allowed).contains(word) ? word : null;
        });
    }

    /**
     * Free text, passed on as given (trimmed); absent, the value is "" and the path supplies what
     * {@code defaultText} describes (for example "the poll CPU").
     */
    public static PathOption<String> text(
        final String key, final String what, final String defaultText, final String help)
    {
        return new PathOption<>(key, "", defaultText, what, help, Function.identity());
    }

    /** The value in {@code config}'s options, or the default when it is not there. */
    public T from(final RxConfig config)
    {
        return from(config.options());
    }

    /** The value in {@code options}, or the default when it is not there. */
    public T from(final Map<String, String> options)
    {
        final String text = options.get(key);
        return text == null ? defaultValue : parse(text);
    }

    /**
     * @throws IllegalArgumentException one line naming the key, the value and the values it takes.
     */
    public T parse(final String text)
    {
        final T value = parser.apply(text.trim());
        if (value == null)
        {
            throw new IllegalArgumentException("bad value " + key + "=" + text + "; valid: " + values);
        }
        return value;
    }

    /** {@code key (values)}, as a list of valid options names it. */
    public String describe()
    {
        return key + " (" + values + ")";
    }

    @Override
    public String toString()
    {
        return describe();
    }

    private static Boolean parseFlag(final String text)
    {
        if ("true".equalsIgnoreCase(text))
        {
            return Boolean.TRUE;
        }
        return "false".equalsIgnoreCase(text) ? Boolean.FALSE : null;
    }

    private static Integer parseInt(final String text)
    {
        try
        {
            return Integer.valueOf(text);
        }
        catch (final NumberFormatException ex)
        {
            return null;
        }
    }

    private static Integer inRange(final Integer value, final int min, final int max)
    {
        return value != null && value >= min && value <= max ? value : null;
    }

    private static String range(final int min, final int max)
    {
        return max == Integer.MAX_VALUE ? ">= " + min : min + ".." + max;
    }
}
