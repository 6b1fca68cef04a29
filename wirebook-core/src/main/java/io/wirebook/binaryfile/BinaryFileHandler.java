package io.wirebook.binaryfile;

import org.agrona.DirectBuffer;

/** Takes the messages of a BinaryFILE one at a time; the buffer is only valid during the call. */
@FunctionalInterface
public interface BinaryFileHandler
{
    void onMessage(DirectBuffer buffer, int offset, int length);
}
