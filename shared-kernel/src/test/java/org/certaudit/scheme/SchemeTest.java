package org.certaudit.scheme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SchemeTest {

    private final Scheme scheme = Scheme.ctsIscJsgf06();

    @Nested
    class Catalogue {

        @Test
        void isCtsIscJsgf06VersionOne() {
            assertThat(scheme.id()).isEqualTo("CTS-ISC-JSGF-06");
            assertThat(scheme.version()).isEqualTo("1");
            assertThat(scheme.title()).isEqualTo("商品售后服务成熟度认证技术规范");
        }

        @Test
        void isLoadedOnce() {
            assertThat(Scheme.ctsIscJsgf06()).isSameAs(scheme);
        }

        @Test
        void listsAllNinetyFourItemsInReportOrder() {
            assertThat(scheme.items()).hasSize(94);
            assertThat(scheme.items().get(0).clause()).isEqualTo("5.1.1.1");
            assertThat(scheme.items().get(93).clause()).isEqualTo("5.3.3.4");
            assertThat(scheme.items()).extracting(SchemeItem::clause).doesNotHaveDuplicates();
        }

        @Test
        void hasThreePartsOfSeventyThreeThirtyNineAndThirtyEightPoints() {
            assertThat(scheme.parts()).containsExactly(
                    new Part("5.1", "售后服务体系", new BigDecimal("73")),
                    new Part("5.2", "商品服务", new BigDecimal("39")),
                    new Part("5.3", "顾客服务", new BigDecimal("38")));
            for (Part part : scheme.parts()) {
                assertThat(sum(scheme.items().stream().filter(i -> i.part().equals(part.number())).map(SchemeItem::points).toList()))
                        .as("items of part %s", part.number())
                        .isEqualByComparingTo(part.points());
            }
        }

        @Test
        void splitsOneHundredBaseAndFiftyExtendedPoints() {
            assertThat(scheme.basePoints()).isEqualByComparingTo("100");
            assertThat(scheme.extendedPoints()).isEqualByComparingTo("50");
            assertThat(scheme.maximumPoints()).isEqualByComparingTo("150");
            assertThat(sum(scheme.sections().stream().map(Section::basePoints).toList())).isEqualByComparingTo("100");
            assertThat(sum(scheme.sections().stream().map(Section::extendedPoints).toList())).isEqualByComparingTo("50");
            assertThat(sum(scheme.items().stream().map(SchemeItem::points).toList())).isEqualByComparingTo("150");
        }

        @ParameterizedTest(name = "{0} {1} is {2}+{3}")
        @CsvSource(delimiter = '|', textBlock = """
                5.1.1 | 组织架构     | 4  | 8  | 5.1 | 11
                5.1.2 | 人员配置     | 6  | 9  | 5.1 | 11
                5.1.3 | 资源配置     | 6  | 6  | 5.1 | 8
                5.1.4 | 规范要求     | 6  | 6  | 5.1 | 8
                5.1.5 | 监督         | 7  | 1  | 5.1 | 3
                5.1.6 | 改进         | 5  | 0  | 5.1 | 4
                5.1.7 | 服务文化     | 6  | 3  | 5.1 | 6
                5.2.1 | 商品信息     | 6  | 0  | 5.2 | 5
                5.2.2 | 技术支持     | 6  | 4  | 5.2 | 8
                5.2.3 | 配送         | 4  | 0  | 5.2 | 2
                5.2.4 | 维修         | 10 | 0  | 5.2 | 6
                5.2.5 | 质量保证     | 7  | 0  | 5.2 | 5
                5.2.6 | 废弃商品回收 | 2  | 0  | 5.2 | 2
                5.3.1 | 服务系统     | 0  | 10 | 5.3 | 5
                5.3.2 | 顾客关系     | 15 | 2  | 5.3 | 6
                5.3.3 | 投诉处理     | 10 | 1  | 5.3 | 4
                """)
        void splitsEachSectionAsPrinted(String number, String title, String base, String extended, String part, int itemCount) {
            Section section = scheme.sections().stream().filter(s -> s.number().equals(number)).findFirst().orElseThrow();
            assertThat(section.title()).isEqualTo(title);
            assertThat(section.basePoints()).isEqualByComparingTo(base);
            assertThat(section.extendedPoints()).isEqualByComparingTo(extended);
            assertThat(section.part()).isEqualTo(part);
            List<SchemeItem> items = scheme.items().stream().filter(i -> i.section().equals(number)).toList();
            assertThat(items).hasSize(itemCount).allSatisfy(i -> assertThat(i.clause()).startsWith(number + "."));
            assertThat(sum(items.stream().map(SchemeItem::points).toList()))
                    .isEqualByComparingTo(new BigDecimal(base).add(new BigDecimal(extended)));
        }

        @Test
        void listsSixteenSectionsInReportOrder() {
            assertThat(scheme.sections()).extracting(Section::number).containsExactly(
                    "5.1.1", "5.1.2", "5.1.3", "5.1.4", "5.1.5", "5.1.6", "5.1.7",
                    "5.2.1", "5.2.2", "5.2.3", "5.2.4", "5.2.5", "5.2.6",
                    "5.3.1", "5.3.2", "5.3.3");
        }

        @Test
        void numbersDimensionCodesContiguouslyPerPart() {
            List<String> expected = new java.util.ArrayList<>();
            IntStream.rangeClosed(1, 50).forEach(n -> expected.add("A" + n));
            IntStream.rangeClosed(1, 28).forEach(n -> expected.add("B" + n));
            IntStream.rangeClosed(1, 15).forEach(n -> expected.add("C" + n));
            List<String> codes = scheme.items().stream().map(SchemeItem::dimensionCode).filter(c -> c != null).toList();
            assertThat(codes).containsExactlyElementsOf(expected);
            assertThat(scheme.items()).filteredOn(i -> i.dimensionCode() != null)
                    .allSatisfy(i -> assertThat(i.dimensionCode().charAt(0))
                            .isEqualTo((char) ('A' + Integer.parseInt(i.part().substring(2)) - 1)));
        }

        @Test
        void listsClause5113WithoutCodeAndWorthNothing() {
            SchemeItem item = scheme.find("5.1.1.3").orElseThrow();
            assertThat(item.dimensionCode()).isNull();
            assertThat(item.points()).isEqualByComparingTo("0");
            assertThat(item.text()).isEqualTo("可通过自建或委托设立服务网点。");
        }

        @Test
        void weighsTheFirstFourTechnicalSupportItemsOneAndAHalf() {
            assertThat(List.of("B6", "B7", "B8", "B9"))
                    .allSatisfy(code -> assertThat(scheme.find(code).orElseThrow().points()).isEqualByComparingTo("1.5"));
            assertThat(scheme.items()).filteredOn(i -> i.points().scale() > 0 && i.points().stripTrailingZeros().scale() > 0)
                    .extracting(SchemeItem::dimensionCode).containsExactly("B6", "B7", "B8", "B9");
        }

        @Test
        void findsAnItemByClauseOrByDimensionCode() {
            SchemeItem byClause = scheme.find("5.2.2.3").orElseThrow();
            assertThat(scheme.find("B8")).contains(byClause);
            assertThat(byClause.section()).isEqualTo("5.2.2");
            assertThat(byClause.part()).isEqualTo("5.2");
            assertThat(scheme.find("5.9.9.9")).isEmpty();
            assertThat(scheme.find("B29")).isEmpty();
            assertThat(scheme.find(null)).isEmpty();
        }

        @Test
        void assignsItemsToTheSectionTheirClauseNames() {
            // The report prints "5.1.2 人员配置" on the row that continues 5.1.1.7.
            assertThat(scheme.find("5.1.1.8").orElseThrow().section()).isEqualTo("5.1.1");
            assertThat(scheme.find("5.1.1.11").orElseThrow().section()).isEqualTo("5.1.1");
            assertThat(scheme.find("5.1.6.4").orElseThrow().section()).isEqualTo("5.1.6");
            assertThat(scheme.find("5.1.7.1").orElseThrow().section()).isEqualTo("5.1.7");
        }

        @Test
        void keepsTheFullTextAcrossPageBreaks() {
            assertThat(scheme.find("A6").orElseThrow().text())
                    .contains("市场和顾客细分的变化、竞争对手的战略转移等")
                    .endsWith("战略目标和资源分配应适应这些影响因素。");
            assertThat(scheme.find("A28").orElseThrow().text()).contains("发布数据、信息和知识的设施，建立和运行信息系统");
            assertThat(scheme.find("B26").orElseThrow().text()).contains("退换、召回等服务").endsWith("执行先行赔付制度");
            assertThat(scheme.find("C11").orElseThrow().text()).contains("与竞争对手或行业标杆相比较").contains("d) 定期评价");
        }

        @Test
        void includesTheSubClausesOf5312() {
            assertThat(scheme.find("5.3.1.2").orElseThrow().text())
                    .startsWith("顾客和市场的了解 5.3.1.2.1 根据战略和竞争优势确定目标顾客群")
                    .contains(" 5.3.1.2.2 了解关键顾客的需求和期望")
                    .contains(" 5.3.1.2.3 定期评价了解顾客需求和期望的方法")
                    .endsWith("使之适应组织的战略规划与发展方向。 (1 分)");
            assertThat(scheme.find("5.3.1.2.1")).isEmpty();
        }

        @Test
        void keepsClauseNumbersOutOfTheText() {
            assertThat(scheme.items()).allSatisfy(item -> {
                assertThat(item.text()).doesNotStartWith("5").doesNotContain("5. ").doesNotContain("\t");
                assertThat(item.text()).isEqualTo(item.text().strip());
            });
            assertThat(scheme.find("5.1.3.2").orElseThrow().text()).startsWith("售后服务组织应提供内部保障");
        }
    }

    @Nested
    class LoadingInconsistentData {

        @Test
        void loadsTheUnchangedResource() {
            Scheme loaded = Scheme.load(stream(original()), "copy.tsv");
            assertThat(loaded.items()).isEqualTo(scheme.items());
            assertThat(loaded.sections()).isEqualTo(scheme.sections());
        }

        @Test
        void rejectsADuplicateClause() {
            String broken = original().replace("item\t5.1.1.4\tA3", "item\t5.1.1.2\tA3");
            assertThatThrownBy(() -> Scheme.load(stream(broken), "broken.tsv"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("scheme resource broken.tsv is inconsistent")
                    .hasMessageContaining("clause 5.1.1.2 appears 2 times");
        }

        @Test
        void rejectsADuplicateDimensionCode() {
            String broken = original().replace("item\t5.1.1.4\tA3", "item\t5.1.1.4\tA2");
            assertThatThrownBy(() -> Scheme.load(stream(broken), "broken.tsv"))
                    .hasMessageContaining("dimension code A2 appears 2 times");
        }

        @Test
        void rejectsItemsThatDoNotAddUpToTheirSection() {
            String broken = original().replace("item\t5.1.1.1\tA1\t1\t", "item\t5.1.1.1\tA1\t2\t");
            assertThatThrownBy(() -> Scheme.load(stream(broken), "broken.tsv"))
                    .hasMessageContaining("items of section 5.1.1 组织架构 add up to 13 points, but the section is declared 4+8=12")
                    .hasMessageContaining("part 5.1 售后服务体系 is declared 73 points, but its sections add up to 73 and its items to 74");
        }

        @Test
        void rejectsASectionSplitThatDoesNotAddUpToTheSchemeTotals() {
            String broken = original().replace("section\t5.1.5\t监督\t7\t1", "section\t5.1.5\t监督\t8\t0");
            assertThatThrownBy(() -> Scheme.load(stream(broken), "broken.tsv"))
                    .hasMessageContaining("base points of the sections add up to 101, but the scheme declares 100")
                    .hasMessageContaining("extended points of the sections add up to 49, but the scheme declares 50");
        }

        @Test
        void rejectsAPartWhosePointsDisagreeWithItsSections() {
            String broken = original().replace("part\t5.2\t商品服务\t39", "part\t5.2\t商品服务\t40");
            assertThatThrownBy(() -> Scheme.load(stream(broken), "broken.tsv"))
                    .hasMessageContaining("part 5.2 商品服务 is declared 40 points, but its sections add up to 39 and its items to 39")
                    .hasMessageContaining("parts add up to 151 points, but base + extended is 150");
        }

        @Test
        void rejectsAMissingItem() {
            String broken = original().lines().filter(l -> !l.startsWith("item\t5.3.3.4\t")).reduce("", (a, l) -> a + l + "\n");
            assertThatThrownBy(() -> Scheme.load(stream(broken), "broken.tsv"))
                    .hasMessageContaining("the scheme declares 94 items, but the resource lists 93")
                    .hasMessageContaining("items of section 5.3.3 投诉处理 add up to 10 points");
        }

        @Test
        void rejectsAnItemOfAnUndefinedSection() {
            String broken = original() + "item\t5.4.1.1\tD1\t0\t不存在的条款\n";
            assertThatThrownBy(() -> Scheme.load(stream(broken), "broken.tsv"))
                    .hasMessageContaining("item 5.4.1.1 belongs to section 5.4.1, which is not defined");
        }

        @Test
        void namesTheLineOfAMalformedRow() {
            String broken = original().replace("item\t5.1.1.2\tA2\t3\t", "item\t5.1.1.2\tA2\t3分\t");
            int line = lineOf(broken, "item\t5.1.1.2\t");
            assertThatThrownBy(() -> Scheme.load(stream(broken), "broken.tsv"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("scheme resource broken.tsv line " + line + ": points must be a decimal number, was '3分'");
        }

        @Test
        void namesTheLineOfARowWithMissingFields() {
            String broken = original().replace("section\t5.1.6\t改进\t5\t0", "section\t5.1.6\t改进\t5");
            assertThatThrownBy(() -> Scheme.load(stream(broken), "broken.tsv"))
                    .hasMessageContaining("line " + lineOf(broken, "section\t5.1.6\t"))
                    .hasMessageContaining("expected 5 tab-separated fields");
        }

        @Test
        void rejectsAMalformedClause() {
            String broken = original().replace("item\t5.1.3.2\t", "item\t5. 1. 3. 2\t");
            assertThatThrownBy(() -> Scheme.load(stream(broken), "broken.tsv"))
                    .hasMessageContaining("clause '5. 1. 3. 2' is not of the form n.n.n.n");
        }

        @Test
        void rejectsAResourceWithoutSchemeRow() {
            String broken = original().lines().filter(l -> !l.startsWith("scheme\t")).reduce("", (a, l) -> a + l + "\n");
            assertThatThrownBy(() -> Scheme.load(stream(broken), "broken.tsv"))
                    .hasMessage("scheme resource broken.tsv has no scheme row");
        }

        private static String original() {
            try (InputStream in = Scheme.class.getResourceAsStream(Scheme.CTS_ISC_JSGF_06_RESOURCE)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static InputStream stream(String text) {
            return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
        }

        private static int lineOf(String text, String prefix) {
            List<String> lines = text.lines().toList();
            return IntStream.range(0, lines.size()).filter(i -> lines.get(i).startsWith(prefix)).findFirst().orElseThrow() + 1;
        }
    }

    private static BigDecimal sum(List<BigDecimal> values) {
        return values.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
