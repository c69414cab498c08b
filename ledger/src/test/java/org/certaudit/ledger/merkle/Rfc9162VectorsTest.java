package org.certaudit.ledger.merkle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.certaudit.ledger.Canonical;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Certificate Transparency test vectors: the RFC 6962 / RFC 9162 tree of eight leaves from
 * transparency-dev/merkle's {@code testonly/constants.go}, and its {@code testdata/inclusion} and
 * {@code testdata/consistency} proof files (copied under {@code src/test/resources/rfc9162}, Apache 2.0), each
 * a happy path or a mutation that must be refused.
 */
class Rfc9162VectorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    /** transparency-dev/merkle testonly.LeafInputs(). */
    static final List<byte[]> LEAF_INPUTS = Stream.of("", "00", "10", "2021", "3031", "40414243",
                                                      "5051525354555657", "606162636465666768696a6b6c6d6e6f")
                                                  .map(HEX::parseHex).toList();
    /** testonly.RootHashes(), by tree size from 0. */
    static final List<String> ROOTS = List.of(
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

    private static MerkleTree tree(int size) {
        return new MerkleTree(new InMemoryNodes(LEAF_INPUTS.subList(0, size).stream()
                                                           .map(MerkleHashing::leafHash).toList()));
    }

    @Nested
    class TreeHashes {

        @Test
        void matchesTheRootOfEveryTreeSizeFromZeroToEight() {
            for (int size = 0; size <= 8; size++) {
                assertThat(Canonical.hex(tree(size).root(size))).as("root of size %d", size).isEqualTo(ROOTS.get(size));
            }
        }

        @Test
        void readsAnyOlderRootFromTheNodesOfALargerTree() {
            MerkleTree full = tree(8);
            for (int size = 1; size <= 8; size++) {
                assertThat(Canonical.hex(full.root(size))).isEqualTo(ROOTS.get(size));
            }
        }

        @Test
        void buildsProofsThatItsOwnVerifierAcceptsForEverySizePair() throws ProofException {
            MerkleTree full = tree(8);
            int checked = 0;
            for (int size = 1; size <= 8; size++) {
                byte[] root = HEX.parseHex(ROOTS.get(size));
                for (int index = 0; index < size; index++) {
                    MerkleProofs.verifyInclusion(index, size, MerkleHashing.leafHash(LEAF_INPUTS.get(index)),
                                                 full.inclusionProof(index, size), root);
                    checked++;
                }
                for (int older = 1; older <= size; older++) {
                    MerkleProofs.verifyConsistency(older, size, HEX.parseHex(ROOTS.get(older)), root,
                                                   full.consistencyProof(older, size));
                    checked++;
                }
            }
            assertThat(checked).isEqualTo(36 + 36);
        }
    }

    @TestFactory
    Stream<DynamicTest> inclusionProofVectors() throws IOException, URISyntaxException {
        List<Path> files = vectors("inclusion");
        assertThat(files).hasSizeGreaterThan(90);
        return files.stream().map(file -> DynamicTest.dynamicTest(name(file), () -> {
            JsonNode v = JSON.readTree(file.toFile());
            long index = v.get("leafIdx").asLong();
            long size = v.get("treeSize").asLong();
            byte[] leaf = b64(v.get("leafHash"));
            byte[] root = b64(v.get("root"));
            List<byte[]> proof = list(v.get("proof"));
            if (v.get("wantErr").asBoolean()) {
                assertThatThrownBy(() -> MerkleProofs.verifyInclusion(index, size, leaf, proof, root))
                        .isInstanceOf(ProofException.class);
            } else {
                assertThatCode(() -> MerkleProofs.verifyInclusion(index, size, leaf, proof, root)).doesNotThrowAnyException();
                if (size <= 8 && index < size && leaf.length == 32) {
                    assertThat(tree(8).inclusionProof(index, size)).usingElementComparator(HexComparator.INSTANCE)
                                                                    .containsExactlyElementsOf(proof);
                }
            }
        }));
    }

    @Test
    void namesTheCheckThatFailedAndItsNumbersForAReaderToWordInItsLanguage() {
        byte[] leaf = MerkleHashing.leafHash(LEAF_INPUTS.get(0));
        byte[] root4 = HEX.parseHex(ROOTS.get(4));

        assertThatThrownBy(() -> MerkleProofs.verifyInclusion(8, 8, leaf, List.of(), root4))
                .isInstanceOfSatisfying(ProofException.class, e -> {
                    assertThat(e.check()).isEqualTo(ProofException.Check.LEAF_OUTSIDE_TREE);
                    assertThat(e.values()).containsExactly(8L, 8L);
                    assertThat(e).hasMessage("leaf index 8 is not in a tree of size 8");
                });
        assertThatThrownBy(() -> MerkleProofs.verifyConsistency(5, 3, root4, root4, List.of()))
                .isInstanceOfSatisfying(ProofException.class, e -> {
                    assertThat(e.check()).isEqualTo(ProofException.Check.CANNOT_EXTEND);
                    assertThat(e.values()).containsExactly(3L, 5L);
                });
        assertThatThrownBy(() -> MerkleProofs.verifyConsistency(4, 4, root4, HEX.parseHex(ROOTS.get(5)), List.of()))
                .isInstanceOfSatisfying(ProofException.class, e -> {
                    assertThat(e.check()).isEqualTo(ProofException.Check.SAME_SIZE_DIFFERENT_ROOTS);
                    assertThat(e.values()).containsExactly(4L);
                });
    }

    @TestFactory
    Stream<DynamicTest> consistencyProofVectors() throws IOException, URISyntaxException {
        List<Path> files = vectors("consistency");
        assertThat(files).hasSizeGreaterThan(90);
        return files.stream().map(file -> DynamicTest.dynamicTest(name(file), () -> {
            JsonNode v = JSON.readTree(file.toFile());
            long size1 = v.get("size1").asLong();
            long size2 = v.get("size2").asLong();
            byte[] root1 = b64(v.get("root1"));
            byte[] root2 = b64(v.get("root2"));
            List<byte[]> proof = list(v.get("proof"));
            if (v.get("wantErr").asBoolean()) {
                assertThatThrownBy(() -> MerkleProofs.verifyConsistency(size1, size2, root1, root2, proof))
                        .isInstanceOf(ProofException.class);
            } else {
                assertThatCode(() -> MerkleProofs.verifyConsistency(size1, size2, root1, root2, proof))
                        .doesNotThrowAnyException();
                if (size2 <= 8 && size1 <= size2) {
                    assertThat(tree(8).consistencyProof(size1, size2)).usingElementComparator(HexComparator.INSTANCE)
                                                                       .containsExactlyElementsOf(proof);
                }
            }
        }));
    }

    private static List<Path> vectors(String kind) throws IOException, URISyntaxException {
        Path root = Path.of(Rfc9162VectorsTest.class.getResource("/rfc9162/" + kind).toURI());
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(path -> path.toString().endsWith(".json")).sorted().toList();
        }
    }

    private static String name(Path file) {
        return file.getParent().getFileName() + "/" + file.getFileName();
    }

    private static byte[] b64(JsonNode node) {
        return node == null || node.isNull() ? new byte[0] : Base64.getDecoder().decode(node.asText());
    }

    private static List<byte[]> list(JsonNode node) {
        List<byte[]> out = new ArrayList<>();
        if (node != null && !node.isNull()) {
            node.forEach(element -> out.add(b64(element)));
        }
        return out;
    }

    private enum HexComparator implements java.util.Comparator<byte[]> {
        INSTANCE;

        @Override
        public int compare(byte[] a, byte[] b) {
            return java.util.Arrays.compare(a, b);
        }
    }
}
