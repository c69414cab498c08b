package org.certaudit.eventstore.embedded;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * An append-only file of write commands, each written before the command runs, so that the
 * commands since the last MVStore commit can be run again after a crash.
 * <p>
 * A record is {@code length, crc32, sequence, database, command, BSON document}. Nothing calls
 * {@code fsync}: a record handed to the operating system survives the death of the process, not
 * a power cut. Recovery stops at the first record that is short or fails its checksum, which can
 * only be the last one, cut off by the crash before its command was acknowledged.
 */
final class WriteAheadLog implements AutoCloseable {

    /** One logged command. */
    record Entry(long sequence, String database, String command, Document document) {
    }

    private static final int HEADER = Integer.BYTES + Integer.BYTES;

    private final Path file;
    private final FileChannel channel;

    WriteAheadLog(Path file) {
        this.file = file;
        try {
            this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                                            StandardOpenOption.READ);
            channel.position(channel.size());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the write-ahead log " + file, e);
        }
    }

    /** The records in the file, up to the first torn or corrupt one. */
    List<Entry> read() {
        List<Entry> entries = new ArrayList<>();
        ByteBuf buffer;
        try {
            buffer = Unpooled.wrappedBuffer(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the write-ahead log " + file, e);
        }
        while (buffer.readableBytes() >= HEADER) {
            int length = buffer.readInt();
            int checksum = buffer.readInt();
            if (length <= 0 || buffer.readableBytes() < length) {
                break;
            }
            ByteBuf body = buffer.readSlice(length);
            if (crc(body) != checksum) {
                break;
            }
            long sequence = body.readLong();
            String database = readString(body);
            String command = readString(body);
            entries.add(new Entry(sequence, database, command, BsonDecoder.decodeBson(body)));
        }
        return entries;
    }

    /** Writes one record; when this returns, the operating system has it. */
    void append(long sequence, String database, String command, Document document) {
        ByteBuf body = Unpooled.buffer(256);
        body.writeLong(sequence);
        writeString(body, database);
        writeString(body, command);
        BsonEncoder.encodeDocument(document, body);
        ByteBuf record = Unpooled.buffer(HEADER + body.readableBytes());
        record.writeInt(body.readableBytes());
        record.writeInt(crc(body));
        record.writeBytes(body);
        ByteBuffer bytes = record.nioBuffer();
        try {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the write-ahead log " + file, e);
        }
    }

    long size() {
        try {
            return channel.size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Empties the log once the store has committed everything in it. */
    void clear() {
        try {
            channel.truncate(0);
            channel.position(0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot truncate the write-ahead log " + file, e);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int crc(ByteBuf body) {
        CRC32 crc = new CRC32();
        crc.update(body.nioBuffer());
        return (int) crc.getValue();
    }

    private static void writeString(ByteBuf buffer, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        buffer.writeInt(bytes.length);
        buffer.writeBytes(bytes);
    }

    private static String readString(ByteBuf buffer) {
        int length = buffer.readInt();
        return buffer.readCharSequence(length, StandardCharsets.UTF_8).toString();
    }
}
