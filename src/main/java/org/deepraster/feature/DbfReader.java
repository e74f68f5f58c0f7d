package org.deepraster.feature;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deepraster.util.UserException;

/**
 * Reads the attribute table of a shapefile (a dBASE .dbf, with binary integer (I) and double (O)
 * fields and Clipper's long text fields) for {@link ShapefileReader}: fields typed from their
 * dBASE types, text decoded as the .cpg or the language driver says (UTF-8 by default, falling
 * back to ISO-8859-1 per value), unreadable values left empty with a warning. Stateless.
 */
final class DbfReader {
    private DbfReader() {
    }

    /** The fields and the records (field name to value, null for an empty or unreadable value). */
    record Table(List<Field> fields, List<Map<String, Object>> rows) {
    }

    private record DbfField(String name, char type, int length, int decimals, FieldType fieldType) {
    }

    /** Reads a .dbf (its encoding from the .cpg next to it, else its header); adds problems to {@code warnings}. */
    static Table read(Path dbf, List<String> warnings) throws IOException {
        byte[] bytes = Files.readAllBytes(dbf);
        if (bytes.length < 32) {
            throw new UserException("The attribute file " + dbf + " is truncated (" + bytes.length + " bytes).",
                    "Copy the shapefile again from its source.");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long count = b.getInt(4) & 0xFFFFFFFFL;
        int headerLen = b.getShort(8) & 0xFFFF;
        int recordLen = b.getShort(10) & 0xFFFF;
        int ldid = bytes[29] & 0xFF;
        Charset cs = charset(dbf, ldid, warnings);
        List<DbfField> dfs = new ArrayList<>();
        int pos = 32;
        while (pos + 32 <= headerLen && pos < bytes.length && bytes[pos] != 0x0D) {
            int nameEnd = pos;
            while (nameEnd < pos + 11 && bytes[nameEnd] != 0) {
                nameEnd++;
            }
            String fname = new String(bytes, pos, nameEnd - pos, cs).trim();
            char type = (char) (bytes[pos + 11] & 0xFF);
            int length = bytes[pos + 16] & 0xFF;
            int dec = bytes[pos + 17] & 0xFF;
            if (type == 'C') {
                length |= dec << 8; // Clipper/Xbase extension for long text fields
                dec = 0;
            }
            FieldType ft = switch (Character.toUpperCase(type)) {
                case 'N' -> dec == 0 && length < 19 ? FieldType.INTEGER : FieldType.REAL;
                case 'F', 'O' -> FieldType.REAL;
                case 'I' -> FieldType.INTEGER;
                case 'L' -> FieldType.BOOLEAN;
                case 'D' -> FieldType.DATE;
                default -> FieldType.STRING;
            };
            dfs.add(new DbfField(fname, Character.toUpperCase(type), length, dec, ft));
            pos += 32;
        }
        List<Field> fields = new ArrayList<>();
        for (DbfField f : dfs) {
            fields.add(new Field(f.name, f.fieldType));
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        CharsetDecoder strict = cs.equals(StandardCharsets.UTF_8) ? StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT) : null;
        int bad = 0;
        for (long r = 0; r < count; r++) {
            long start = headerLen + r * recordLen;
            if (start + recordLen > bytes.length) {
                warnings.add(dbf.getFileName() + " is truncated: " + (count - r) + " of " + count + " records are missing.");
                break;
            }
            int p = (int) start + 1; // deletion flag
            Map<String, Object> row = new LinkedHashMap<>();
            for (DbfField f : dfs) {
                try {
                    row.put(f.name, parse(f, bytes, p, cs, strict));
                } catch (RuntimeException e) {
                    row.put(f.name, null);
                    bad++;
                }
                p += f.length;
            }
            rows.add(row);
        }
        if (bad > 0) {
            warnings.add(dbf.getFileName() + ": " + bad + " attribute values could not be read and were left empty.");
        }
        return new Table(fields, rows);
    }

    private static final DateTimeFormatter DBF_DATE = DateTimeFormatter.ofPattern("yyyyMMdd");

    private static Object parse(DbfField f, byte[] bytes, int p, Charset cs, CharsetDecoder strict) {
        if (f.type == 'I' && f.length == 4) {
            return (long) ByteBuffer.wrap(bytes, p, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        }
        if (f.type == 'O' && f.length == 8) {
            return ByteBuffer.wrap(bytes, p, 8).order(ByteOrder.LITTLE_ENDIAN).getDouble();
        }
        if (f.type == 'C' || f.fieldType == FieldType.STRING) {
            int end = p + f.length;
            while (end > p && (bytes[end - 1] == ' ' || bytes[end - 1] == 0)) {
                end--;
            }
            if (strict != null) {
                try {
                    return strict.decode(ByteBuffer.wrap(bytes, p, end - p)).toString();
                } catch (CharacterCodingException e) {
                    return new String(bytes, p, end - p, StandardCharsets.ISO_8859_1);
                }
            }
            return new String(bytes, p, end - p, cs);
        }
        String s = new String(bytes, p, f.length, StandardCharsets.ISO_8859_1).trim();
        if (s.isEmpty() || s.startsWith("*") || s.chars().allMatch(c -> c == '?')) {
            return null;
        }
        switch (f.fieldType) {
            case INTEGER:
                return Long.parseLong(s);
            case REAL:
                return Double.parseDouble(s.replace(',', '.'));
            case BOOLEAN:
                char c = Character.toUpperCase(s.charAt(0));
                return c == 'T' || c == 'Y' ? Boolean.TRUE : c == 'F' || c == 'N' ? Boolean.FALSE : null;
            case DATE:
                if (s.chars().allMatch(ch -> ch == '0')) {
                    return null;
                }
                try {
                    return LocalDate.parse(s, DBF_DATE);
                } catch (DateTimeParseException e) {
                    return null;
                }
            default:
                return s;
        }
    }

    /** The encoding of the .dbf: from the .cpg, else the language driver id, else UTF-8 (falling back to ISO-8859-1 per value). */
    private static Charset charset(Path dbf, int ldid, List<String> warnings) throws IOException {
        Path cpg = ShapefileReader.sibling(dbf, "cpg");
        if (Files.isRegularFile(cpg)) {
            String name = Files.readString(cpg, StandardCharsets.ISO_8859_1).trim();
            Charset c = charsetNamed(name);
            if (c != null) {
                return c;
            }
            warnings.add(cpg.getFileName() + ": unknown encoding '" + name + "'; text is read as UTF-8.");
        }
        return switch (ldid) {
            case 0x57, 0x03 -> Charset.forName("windows-1252");
            case 0x01 -> Charset.forName("IBM437");
            case 0x02 -> Charset.forName("IBM850");
            default -> StandardCharsets.UTF_8;
        };
    }

    /** The charset a .cpg names (a Java name, a code page number, "ANSI 1252", "8859-1"…); null when unknown. */
    private static Charset charsetNamed(String name) {
        String n = name.trim().toUpperCase(Locale.ROOT);
        if (n.isEmpty()) {
            return null;
        }
        if (n.equals("65001") || n.equals("UTF8")) {
            return StandardCharsets.UTF_8;
        }
        if (n.chars().allMatch(Character::isDigit)) {
            n = switch (n) {
                case "437", "850", "852", "866" -> "IBM" + n;
                case "88591" -> "ISO-8859-1";
                default -> n.length() == 4 && n.startsWith("12") ? "windows-" + n : "ISO-8859-" + n.replaceFirst("^8859", "");
            };
        } else if (n.startsWith("ANSI ")) {
            n = "windows-" + n.substring(5).trim();
        } else if (n.startsWith("8859")) {
            n = "ISO-8859-" + n.substring(n.indexOf('-') >= 0 ? n.indexOf('-') + 1 : 4).replace("_", "");
        }
        try {
            return Charset.forName(n);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
