package io.wirebook.itch;

/** Order Executed Message (E). */
public final class OrderExecuted extends ExecutionMessage
{
}
