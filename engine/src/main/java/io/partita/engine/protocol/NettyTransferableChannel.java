package io.partita.engine.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.DefaultFileRegion;
import org.apache.kafka.common.network.TransferableChannel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Lets a kafka-clients {@link org.apache.kafka.common.network.Send} write into a Netty channel: byte buffers are
 * queued as wrapped buffers and file ranges as {@link DefaultFileRegion}s, which Netty sends with
 * {@code sendfile} (zero-copy) on the epoll and NIO transports. A TLS connection cannot send a file region (the bytes
 * must pass through its encryption), so there file ranges are read into buffers instead.
 *
 * <p>Every write is accepted whole into Netty's outbound buffer, so a Send completes in one
 * {@code writeTo} call; back-pressure is the connection's job (it reads no further request while the channel is
 * unwritable). Use on the channel's event loop only.
 */
final class NettyTransferableChannel implements TransferableChannel {

    private final Channel channel;
    private final boolean zeroCopy;

    /** @param zeroCopy whether file ranges may go out as file regions (false under TLS) */
    NettyTransferableChannel(Channel channel, boolean zeroCopy) {
        this.channel = channel;
        this.zeroCopy = zeroCopy;
    }

    @Override
    public boolean hasPendingWrites() {
        return false;
    }

    @Override
    public long transferFrom(FileChannel fileChannel, long position, long count) throws IOException {
        if (zeroCopy) {
            channel.write(new SegmentFileRegion(fileChannel, position, count), channel.voidPromise());
            return count;
        }
        // On heap: the JDK's SSLEngine encrypts from arrays; a direct buffer would be copied into one first.
        ByteBuf bytes = channel.alloc().heapBuffer((int) count);
        try {
            while (bytes.writerIndex() < count) {
                int read = bytes.writeBytes(fileChannel, position + bytes.writerIndex(), (int) count - bytes.writerIndex());
                if (read < 0) throw new IOException("The log ended " + (count - bytes.writerIndex()) + " bytes before the range sent");
            }
        } catch (IOException | RuntimeException e) {
            bytes.release();
            throw e;
        }
        channel.write(bytes, channel.voidPromise());
        return count;
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) {
        long written = 0;
        for (int i = offset; i < offset + length; i++) written += write(srcs[i]);
        return written;
    }

    @Override
    public long write(ByteBuffer[] srcs) {
        return write(srcs, 0, srcs.length);
    }

    @Override
    public int write(ByteBuffer src) {
        int n = src.remaining();
        if (n > 0) {
            channel.write(Unpooled.wrappedBuffer(src.slice()), channel.voidPromise());
            src.position(src.limit());
        }
        return n;
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** A file region that leaves the segment's channel open when Netty releases it: the log owns that channel. */
    private static final class SegmentFileRegion extends DefaultFileRegion {

        SegmentFileRegion(FileChannel file, long position, long count) {
            super(file, position, count);
        }

        @Override
        protected void deallocate() {
        }
    }
}
