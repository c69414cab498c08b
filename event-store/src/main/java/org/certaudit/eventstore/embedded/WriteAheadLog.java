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
import java.nio.file.StandardCopyOption;
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
 * only be the last one of its file, cut off by the crash before its command was acknowledged.
 * <p>
 * While a commit is being written, the log is two files: {@link #rotate()} renames the current one
 * to {@code <name>.1} (the commands the commit holds) and starts an empty one for the commands that
 * run meanwhile; {@link #discardRotated()} deletes {@code <name>.1} once the commit is in the file.
 */
final class WriteAheadLog implements AutoCloseable {

    /** One logged command. */
    record Entry(long sequence, String database, String command, Document document) {
    }

    private static final int HEADER = Integer.BYTES + Integer.BYTES;

    private final Path file;
    private final Path rotated;
    private FileChannel channel;

    WriteAheadLog(Path file) {
        this.file = file;
        this.rotated = file.resolveSibling(file.getFileName() + ".1");
        this.channel = open(file);
    }

    private static FileChannel open(Path file) {
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                                                   StandardOpenOption.READ);
            channel.position(channel.size());
            return channel;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the write-ahead log " + file, e);
        }
    }

    /**
     * The records of the rotated file (if a crash left one) and then of the current one, each up to
     * its first torn or corrupt record.
     */
    List<Entry> read() {
        List<Entry> entries = new ArrayList<>();
        if (Files.exists(rotated)) {
            read(rotated, entries);
        }
        read(file, entries);
        return entries;
    }

    private static void read(Path file, List<Entry> entries) {
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

    /** Empties the log (both files) once the store has committed everything in it. */
    void clear() {
        try {
            channel.truncate(0);
            channel.position(0);
            Files.deleteIfExists(rotated);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot truncate the write-ahead log " + file, e);
        }
    }

    /**
     * Renames the current file to {@code <name>.1} and goes on in a new, empty one. A {@code <name>.1}
     * left by an earlier rotation is replaced: the caller discards it only after its commit is
     * written, so one still there means its commit was written and only the deletion failed.
     */
    void rotate() {
        try {
            Files.move(file, rotated, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            FileChannel previous = channel;
            channel = open(file);
            previous.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rotate the write-ahead log " + file, e);
        }
    }

    /** Deletes the file {@link #rotate()} set aside, once the store has committed everything in it. */
    void discardRotated() {
        try {
            Files.deleteIfExists(rotated);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the rotated write-ahead log " + rotated, e);
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
