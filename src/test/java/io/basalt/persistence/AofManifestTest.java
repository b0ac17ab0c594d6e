package io.basalt.persistence;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The manifest's exact format and every refusal of Redis's aofLoadManifestFromFile. */
class AofManifestTest {
    private static AofManifest parse(String text) throws AofManifest.FatalError {
        return AofManifest.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String error(String text) {
        try {
            parse(text);
        } catch (AofManifest.FatalError e) {
            return String.join("", e.logLines());
        }
        throw new AssertionError("accepted: " + text);
    }

    @Test
    void aNewAofIsBaseOneAndIncrOneInRedisLineFormat() {
        AofManifest am = new AofManifest();
        assertThat(am.newBase("appendonly.aof", true).name()).isEqualTo("appendonly.aof.1.base.rdb");
        assertThat(am.lastIncr("appendonly.aof").name()).isEqualTo("appendonly.aof.1.incr.aof");
        assertThat(am.lastIncr("appendonly.aof").name()).isEqualTo("appendonly.aof.1.incr.aof");
        assertThat(am.format()).isEqualTo(
                "file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n");
        assertThat(am.newBase("appendonly.aof", false).name()).isEqualTo("appendonly.aof.2.base.aof");
        assertThat(am.format()).isEqualTo("file appendonly.aof.2.base.aof seq 2 type b\n"
                + "file appendonly.aof.1.base.rdb seq 1 type h\nfile appendonly.aof.1.incr.aof seq 1 type i\n");
    }

    @Test
    void parsesWhatRedisWritesAndWritesItBackIdentically() throws Exception {
        String text = "file appendonly.aof.2.base.rdb seq 2 type b\n"
                + "file appendonly.aof.1.incr.aof seq 1 type h\n"
                + "file appendonly.aof.2.incr.aof seq 2 type h\n"
                + "file appendonly.aof.3.incr.aof seq 3 type i\n"
                + "file appendonly.aof.4.incr.aof seq 4 type i\n";
        AofManifest am = parse(text);
        assertThat(am.base().name()).isEqualTo("appendonly.aof.2.base.rdb");
        assertThat(am.incrs()).extracting(AofManifest.FileInfo::seq).containsExactly(3L, 4L);
        assertThat(am.history()).hasSize(2);
        assertThat(am.format()).isEqualTo(text);
        assertThat(am.newIncr("appendonly.aof").name()).isEqualTo("appendonly.aof.5.incr.aof");
        assertThat(am.newBase("appendonly.aof", true).name()).isEqualTo("appendonly.aof.3.base.rdb");
    }

    @Test
    void commentsKeysInAnyCaseExtraKeysAndQuotedNames() throws Exception {
        AofManifest am = parse("# written by hand\nFILE \"my file.aof\" SEQ 1 TYPE i future x\n");
        assertThat(am.incrs().getFirst().name()).isEqualTo("my file.aof");
        assertThat(am.format()).isEqualTo("file \"my file.aof\" seq 1 type i\n");
        assertThat(parse(am.format()).incrs().getFirst().name()).isEqualTo("my file.aof");
        assertThat(parse("# nothing but a comment\n").isEmpty()).isTrue();
    }

    @Test
    void refusesWhatRedisRefusesWithItsMessages() {
        assertThat(error("")).isEqualTo("\n*** FATAL AOF MANIFEST FILE ERROR ***\nFound an empty AOF manifest\n");
        assertThat(error("file a seq 1 type i")).endsWith("The AOF manifest file contains too long line\n")
                .doesNotContain(">>>");
        assertThat(error("file " + "x".repeat(1100) + " seq 1 type i\n"))
                .endsWith("The AOF manifest file contains too long line\n");
        assertThat(error("file a seq 1 type b\n  \n")).isEqualTo("\n*** FATAL AOF MANIFEST FILE ERROR ***\n"
                + "Reading the manifest file, at line 2\n>>> ''\nInvalid AOF manifest file format\n");
        assertThat(error("file a seq 1\n")).endsWith(">>> 'file a seq 1'\nInvalid AOF manifest file format\n");
        assertThat(error("file a seq 1 type\n")).endsWith("Invalid AOF manifest file format\n");
        assertThat(error("file \"a seq 1 type i\n")).endsWith("Invalid AOF manifest file format\n");
        assertThat(error("file a seq x type i\n")).endsWith("Invalid AOF manifest file format\n");
        assertThat(error("file dir/a seq 1 type i\n")).endsWith("File can't be a path, just a filename\n");
        assertThat(error("file a seq 1 type b\nfile b seq 2 type b\n"))
                .contains("at line 2\n").endsWith("Found duplicate base file information\n");
        assertThat(error("file a seq 2 type i\nfile b seq 2 type i\n")).endsWith("Found a non-monotonic sequence number\n");
        assertThat(error("file a seq 1 type x\n")).endsWith("Unknown AOF file type\n");
    }

    @Test
    void loadOrderIsTheBaseThenTheIncrements() throws Exception {
        AofManifest am = parse("file b seq 1 type b\nfile h seq 1 type h\nfile i1 seq 1 type i\nfile i2 seq 2 type i\n");
        assertThat(am.loadOrder()).extracting(AofManifest.FileInfo::name).containsExactly("b", "i1", "i2");
        assertThatThrownBy(() -> parse("file a seq 0 type i\n")).isInstanceOf(AofManifest.FatalError.class);
    }
}
