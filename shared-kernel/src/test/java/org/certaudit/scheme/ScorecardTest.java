package org.certaudit.scheme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScorecardTest {

    private static final Scheme SCHEME = Scheme.ctsIscJsgf06();

    @Nested
    class SeedReportReproduced {

        private final Scorecard card = Scorecard.of(SCHEME, SeedReport.itemResults(), 0, 0);

        @Test
        void readsOneResultPerItemInReportOrder() {
            assertThat(SeedReport.itemResults().keySet())
                    .containsExactlyElementsOf(SCHEME.items().stream().map(SchemeItem::clause).toList());
            assertThat(SeedReport.itemResults()).containsEntry("5.2.2.3", ItemResult.scored(Percent.of(97)))
                    .containsEntry("5.1.1.3", ItemResult.scored(Percent.of(95)))
                    .containsEntry("5.2.5.4", ItemResult.NOT_APPLICABLE);
        }

        @Test
        void marksExactlyTheFourItemsTheReportMarksNotApplicable() {
            assertThat(SeedReport.itemResults().entrySet()).filteredOn(e -> e.getValue().notApplicable())
                    .extracting(e -> SCHEME.find(e.getKey()).orElseThrow().dimensionCode())
                    .containsExactly("B25", "B26", "B27", "B28");
        }

        @Test
        void earnsEveryItemWhatTheReportPrints() {
            Map<String, BigDecimal> printed = printedEarned();
            assertThat(card.items()).hasSize(94).allSatisfy(score -> {
                BigDecimal expected = printed.get(score.item().clause());
                if (score.notApplicable()) {
                    assertThat(score.earned()).as("earned of not applicable %s", score.item().clause()).isNull();
                    assertThat(expected).as("printed for not applicable %s", score.item().clause()).isEqualByComparingTo("0");
                } else {
                    assertThat(score.earned()).as("earned of %s", score.item().clause()).isEqualTo(expected);
                }
            });
        }

        @Test
        void earnsOnePointFourFiveFiveForOneAndAHalfPointsAtNinetySevenPercent() {
            assertThat(card.find("B8").orElseThrow().earned()).isEqualTo(new BigDecimal("1.455"));
        }

        @Test
        void givesNothingForClause5113ScoredNinetyFive() {
            ItemScore score = card.find("5.1.1.3").orElseThrow();
            assertThat(score.result()).isEqualTo(ItemResult.scored(Percent.of(95)));
            assertThat(score.earned()).isEqualByComparingTo("0");
        }

        @Test
        void earnsThePartTotalsThatTheReportPrints() {
            assertThat(card.parts()).extracting(Subtotal::number).containsExactly("5.1", "5.2", "5.3");
            assertThat(card.parts()).extracting(Subtotal::earned)
                    .containsExactly(new BigDecimal("71.24"), new BigDecimal("33.035"), new BigDecimal("36.62"));
            assertThat(card.parts()).extracting(Subtotal::maximum)
                    .containsExactly(new BigDecimal("73"), new BigDecimal("39"), new BigDecimal("38"));
            assertThat(card.parts()).extracting(Subtotal::applicableMaximum)
                    .containsExactly(new BigDecimal("73"), new BigDecimal("34"), new BigDecimal("38"));
            assertThat(card.parts()).extracting(Subtotal::percentOfApplicable)
                    .containsExactly(new BigDecimal("97.59"), new BigDecimal("97.16"), new BigDecimal("96.37"));
        }

        @Test
        void subtotalsEverySection() {
            assertThat(card.sections()).hasSize(16);
            Subtotal qualityAssurance = card.sections().get(11);
            assertThat(qualityAssurance).isEqualTo(new Subtotal("5.2.5", "质量保证", new BigDecimal("3.87"),
                    new BigDecimal("7"), new BigDecimal("4"), new BigDecimal("96.75")));
            Subtotal recycling = card.sections().get(12);
            assertThat(recycling).isEqualTo(new Subtotal("5.2.6", "废弃商品回收", new BigDecimal("0"),
                    new BigDecimal("2"), new BigDecimal("0"), null));
        }

        @Test
        void totalsOneHundredFortyFivePointSevenFiveOfOneHundredFortyFiveApplicable() {
            assertThat(card.earned()).isEqualTo(new BigDecimal("140.895"));
            assertThat(card.maximum()).isEqualTo(new BigDecimal("150"));
            assertThat(card.applicableMaximum()).isEqualTo(new BigDecimal("145"));
            assertThat(card.total()).isEqualTo(new BigDecimal("145.75"));
        }

        @Test
        void reachesTenStars() {
            assertThat(card.grade()).isEqualTo(Grade.TEN_STAR);
            assertThat(card.grade().chineseName()).isEqualTo("十星级");
            assertThat(card.complete()).isTrue();
        }
    }

    @Nested
    class Rounding {

        @Test
        void roundsTheTotalHalfUpWhereHalfEvenWouldRoundDown() {
            // 148.5 + 1.5 x 99 % = 149.985 on the full scale of 150
            Scorecard card = Scorecard.of(SCHEME, with(uniform("100"), "B8", "99"), 0, 0);
            assertThat(card.earned()).isEqualTo(new BigDecimal("149.985"));
            assertThat(card.total()).isEqualTo(new BigDecimal("149.99"));
        }

        @Test
        void roundsTheTotalHalfUpAtAnotherHalf() {
            // 148.5 + 1.5 x 95 % = 149.925
            Scorecard card = Scorecard.of(SCHEME, with(uniform("100"), "B8", "95"), 0, 0);
            assertThat(card.total()).isEqualTo(new BigDecimal("149.93"));
        }

        @Test
        void roundsOnceAfterScalingToTheApplicableMaximum() {
            // C1 (1 point) not applicable, every other item at 50.01 %: 74.5149 / 149 x 150 = 75.015 exactly
            Scorecard card = Scorecard.of(SCHEME, with(uniform("50.01"), "C1", null), 0, 0);
            assertThat(card.applicableMaximum()).isEqualTo(new BigDecimal("149"));
            assertThat(card.earned()).isEqualTo(new BigDecimal("74.5149"));
            assertThat(card.total()).isEqualTo(new BigDecimal("75.02"));
        }

        @Test
        void roundsDownJustBelowTheHalf() {
            // 148.5 + 1.5 x 96.99 % = 149.95485, while 97 % gives 149.955
            assertThat(Scorecard.of(SCHEME, with(uniform("100"), "B8", "96.99"), 0, 0).total()).isEqualTo(new BigDecimal("149.95"));
            assertThat(Scorecard.of(SCHEME, with(uniform("100"), "B8", "97"), 0, 0).total()).isEqualTo(new BigDecimal("149.96"));
        }
    }

    @Nested
    class GradeThresholds {

        @ParameterizedTest(name = "a total of {0} is {1}")
        @CsvSource(textBlock = """
                69.99,  NOT_GRADED
                70.00,  COMPLIANT
                79.99,  COMPLIANT
                80.00,  THREE_STAR
                89.99,  THREE_STAR
                90.00,  FOUR_STAR
                94.99,  FOUR_STAR
                95.00,  FIVE_STAR
                99.99,  FIVE_STAR
                100.00, SIX_STAR
                109.99, SIX_STAR
                110.00, SEVEN_STAR
                119.99, SEVEN_STAR
                120.00, EIGHT_STAR
                129.99, EIGHT_STAR
                130.00, NINE_STAR
                139.99, NINE_STAR
                140.00, TEN_STAR
                """)
        void gradesAScorecardExactlyOnAndJustBelowEachThreshold(String total, Grade expected) {
            Scorecard card = scorecardTotalling(new BigDecimal(total));
            assertThat(card.total()).isEqualTo(new BigDecimal(total));
            assertThat(card.grade()).isEqualTo(expected);
        }

        /**
         * Every item at the same percent p earns 1.5 p on the scale of 150, so a total T is
         * reached with p = (T + d) / 1.5 and d deductions, picking d (0..2) so p has two decimals.
         */
        private Scorecard scorecardTotalling(BigDecimal total) {
            for (int deductions = 0; deductions <= 2; deductions++) {
                BigDecimal hundredthsTimesThree = total.add(BigDecimal.valueOf(deductions)).movePointRight(2).multiply(BigDecimal.valueOf(2));
                if (hundredthsTimesThree.remainder(BigDecimal.valueOf(3)).signum() == 0) {
                    BigDecimal percent = hundredthsTimesThree.divide(BigDecimal.valueOf(3)).movePointLeft(2);
                    return Scorecard.of(SCHEME, uniform(percent.toPlainString()), deductions, 0);
                }
            }
            throw new AssertionError("no uniform percent reaches " + total);
        }
    }

    @Nested
    class NotApplicableItems {

        @Test
        void leavesAWholePartOutOfTheApplicableMaximum() {
            Map<String, ItemResult> results = uniform("100");
            SCHEME.items().stream().filter(i -> i.part().equals("5.2")).forEach(i -> results.put(i.clause(), ItemResult.NOT_APPLICABLE));
            Scorecard card = Scorecard.of(SCHEME, results, 0, 0);
            Subtotal products = card.parts().get(1);
            assertThat(products.earned()).isEqualByComparingTo("0");
            assertThat(products.maximum()).isEqualByComparingTo("39");
            assertThat(products.applicableMaximum()).isEqualByComparingTo("0");
            assertThat(products.percentOfApplicable()).isNull();
            assertThat(card.applicableMaximum()).isEqualByComparingTo("111");
            assertThat(card.total()).isEqualTo(new BigDecimal("150.00"));
            assertThat(card.grade()).isEqualTo(Grade.TEN_STAR);
            assertThat(card.complete()).isTrue();
        }

        @Test
        void scalesTheRestOfAPartialScorecardToOneHundredFifty() {
            Map<String, ItemResult> results = uniform("50");
            SCHEME.items().stream().filter(i -> i.part().equals("5.3")).forEach(i -> results.put(i.clause(), ItemResult.NOT_APPLICABLE));
            Scorecard card = Scorecard.of(SCHEME, results, 0, 0);
            assertThat(card.earned()).isEqualByComparingTo("56");
            assertThat(card.applicableMaximum()).isEqualByComparingTo("112");
            assertThat(card.total()).isEqualTo(new BigDecimal("75.00"));
        }

        @Test
        void scoresNothingWhenNoItemIsApplicable() {
            Map<String, ItemResult> results = new LinkedHashMap<>();
            SCHEME.items().forEach(i -> results.put(i.clause(), ItemResult.NOT_APPLICABLE));
            Scorecard card = Scorecard.of(SCHEME, results, 0, 1);
            assertThat(card.applicableMaximum()).isEqualByComparingTo("0");
            assertThat(card.earned()).isEqualByComparingTo("0");
            assertThat(card.total()).isEqualTo(new BigDecimal("1.00"));
            assertThat(card.grade()).isEqualTo(Grade.NOT_GRADED);
            assertThat(card.parts()).extracting(Subtotal::percentOfApplicable).containsOnlyNulls();
            assertThat(card.complete()).isTrue();
        }

        @Test
        void earnsNothingButKeepsTheItemsMaximum() {
            Scorecard card = Scorecard.of(SCHEME, SeedReport.itemResults(), 0, 0);
            ItemScore score = card.find("B26").orElseThrow();
            assertThat(score.notApplicable()).isTrue();
            assertThat(score.scored()).isFalse();
            assertThat(score.earned()).isNull();
            assertThat(score.item().points()).isEqualByComparingTo("2");
        }
    }

    @Nested
    class SpecialItems {

        @Test
        void addsOneBonusPoint() {
            assertThat(Scorecard.of(SCHEME, uniform("50"), 0, 1).total()).isEqualTo(new BigDecimal("76.00"));
        }

        @Test
        void capsBonusesAtOnePoint() {
            Scorecard card = Scorecard.of(SCHEME, uniform("50"), 0, 3);
            assertThat(card.total()).isEqualTo(new BigDecimal("76.00"));
            assertThat(card.bonuses()).isEqualTo(3);
        }

        @Test
        void takesOnePointPerDeduction() {
            assertThat(Scorecard.of(SCHEME, uniform("50"), 3, 1).total()).isEqualTo(new BigDecimal("73.00"));
        }

        @Test
        void stillGradesWithFourDeductions() {
            Scorecard card = Scorecard.of(SCHEME, uniform("100"), 4, 0);
            assertThat(card.total()).isEqualTo(new BigDecimal("146.00"));
            assertThat(card.grade()).isEqualTo(Grade.TEN_STAR);
        }

        @Test
        void withholdsAnyGradeFromFiveDeductions() {
            Scorecard card = Scorecard.of(SCHEME, uniform("100"), 5, 1);
            assertThat(card.total()).isEqualTo(new BigDecimal("146.00"));
            assertThat(card.grade()).isEqualTo(Grade.NOT_GRADED);
        }

        @Test
        void rejectsNegativeCounts() {
            assertThatThrownBy(() -> Scorecard.of(SCHEME, uniform("100"), -1, 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("deductions must not be negative, was -1");
            assertThatThrownBy(() -> Scorecard.of(SCHEME, uniform("100"), 0, -1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("bonuses must not be negative, was -1");
        }
    }

    @Nested
    class Completeness {

        @Test
        void isIncompleteWhileAnItemHasNoResult() {
            Map<String, ItemResult> results = new LinkedHashMap<>(SeedReport.itemResults());
            results.remove("5.3.3.2");
            Scorecard card = Scorecard.of(SCHEME, results, 0, 0);
            assertThat(card.complete()).isFalse();
            ItemScore missing = card.find("C13").orElseThrow();
            assertThat(missing.result()).isNull();
            assertThat(missing.earned()).isNull();
            assertThat(missing.scored()).isFalse();
            assertThat(missing.notApplicable()).isFalse();
        }

        @Test
        void countsAnUnscoredItemAsApplicableAndEarningNothing() {
            Map<String, ItemResult> results = new LinkedHashMap<>(SeedReport.itemResults());
            results.remove("5.3.3.2");
            Scorecard card = Scorecard.of(SCHEME, results, 0, 0);
            assertThat(card.applicableMaximum()).isEqualByComparingTo("145");
            assertThat(card.earned()).isEqualByComparingTo("134.175");
            assertThat(card.total()).isEqualTo(new BigDecimal("138.80"));
        }

        @Test
        void startsEmpty() {
            Scorecard card = Scorecard.of(SCHEME, Map.of(), 0, 0);
            assertThat(card.complete()).isFalse();
            assertThat(card.items()).hasSize(94).allSatisfy(i -> assertThat(i.result()).isNull());
            assertThat(card.total()).isEqualTo(new BigDecimal("0.00"));
            assertThat(card.grade()).isEqualTo(Grade.NOT_GRADED);
        }
    }

    @Nested
    class Results {

        @Test
        void rejectsAClauseTheSchemeDoesNotHave() {
            assertThatThrownBy(() -> Scorecard.of(SCHEME, Map.of("5.4.1.1", ItemResult.scored(Percent.HUNDRED)), 0, 0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("no item 5.4.1.1 in scheme CTS-ISC-JSGF-06 v1");
        }

        @Test
        void rejectsADimensionCodeAsKeyNamingItsClause() {
            assertThatThrownBy(() -> Scorecard.of(SCHEME, Map.of("B8", ItemResult.scored(Percent.HUNDRED)), 0, 0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("results are keyed by clause: B8 is a dimension code, use 5.2.2.3");
        }

        @Test
        void rejectsAClauseWithStraySpaces() {
            assertThatThrownBy(() -> Scorecard.of(SCHEME, Map.of(" 5.1.1.3", ItemResult.scored(Percent.HUNDRED)), 0, 0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("no item  5.1.1.3 in scheme CTS-ISC-JSGF-06 v1");
        }

        @Test
        void rejectsAMissingResult() {
            Map<String, ItemResult> results = new LinkedHashMap<>();
            results.put("5.1.1.1", null);
            assertThatThrownBy(() -> Scorecard.of(SCHEME, results, 0, 0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("result of item 5.1.1.1 is missing");
        }

        @Test
        void holdsEitherAPercentOrNotApplicable() {
            assertThat(ItemResult.scored(Percent.of(97)).percent()).isEqualTo(Percent.of(97));
            assertThat(ItemResult.NOT_APPLICABLE.percent()).isNull();
            assertThatThrownBy(() -> new ItemResult(Percent.of(97), true)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ItemResult.scored(null)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("a scored item needs a percent");
        }
    }

    /** Every item scored at the same percent. */
    private static Map<String, ItemResult> uniform(String percent) {
        Map<String, ItemResult> results = new LinkedHashMap<>();
        SCHEME.items().forEach(i -> results.put(i.clause(), ItemResult.scored(Percent.of(percent))));
        return results;
    }

    /** Replaces one item's result; a {@code null} percent marks it not applicable. */
    private static Map<String, ItemResult> with(Map<String, ItemResult> results, String clauseOrCode, String percent) {
        String clause = SCHEME.find(clauseOrCode).orElseThrow().clause();
        results.put(clause, percent == null ? ItemResult.NOT_APPLICABLE : ItemResult.scored(Percent.of(percent)));
        return results;
    }

    /** The 分项实际得分 column of the seed report, as printed. */
    private static Map<String, BigDecimal> printedEarned() {
        try (InputStream in = SeedReport.class.getResourceAsStream(SeedReport.ITEMS_RESOURCE)) {
            Map<String, BigDecimal> printed = new LinkedHashMap<>();
            new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .map(line -> line.split("\t"))
                    .forEach(fields -> printed.put(fields[0], new BigDecimal(fields[3])));
            return printed;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
