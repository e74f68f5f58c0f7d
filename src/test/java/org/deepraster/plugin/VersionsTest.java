package org.deepraster.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class VersionsTest {

    @Test
    void numericPartsCompareAsNumbers() {
        assertThat(Versions.compare("1.2.10", "1.2.9")).isPositive();
        assertThat(Versions.compare("1.2.9", "1.2.10")).isNegative();
        assertThat(Versions.compare("2.0", "1.99.99")).isPositive();
        assertThat(Versions.compare("10", "9")).isPositive();
    }

    @Test
    void missingPartsAreZero() {
        assertThat(Versions.compare("1.2", "1.2.0")).isZero();
        assertThat(Versions.compare("1", "1.0.0")).isZero();
        assertThat(Versions.compare("1.2", "1.2.1")).isNegative();
    }

    @Test
    void snapshotComesBeforeItsRelease() {
        assertThat(Versions.compare("1.0.0-SNAPSHOT", "1.0.0")).isNegative();
        assertThat(Versions.compare("1.0.0", "1.0.0-SNAPSHOT")).isPositive();
        assertThat(Versions.compare("1.0.1-SNAPSHOT", "1.0.0")).isPositive();
        assertThat(Versions.compare("1.0.0-SNAPSHOT", "1.0.0-snapshot")).isZero();
        assertThat(Versions.compare("2.0.0-alpha", "2.0.0-beta")).isNegative();
    }

    @Test
    void validity() {
        assertThat(Versions.isValid("0.1.0-SNAPSHOT")).isTrue();
        assertThat(Versions.isValid("3")).isTrue();
        assertThat(Versions.isValid("2.0.0-rc.1")).isTrue();
        assertThat(Versions.isValid("")).isFalse();
        assertThat(Versions.isValid(null)).isFalse();
        assertThat(Versions.isValid("1..2")).isFalse();
        assertThat(Versions.isValid("v1.2")).isFalse();
        assertThat(Versions.isValid("1.2-")).isFalse();
        assertThat(Versions.isValid("1.x")).isFalse();
        assertThat(Versions.isValid("99999999999999999999")).isFalse();
        assertThatThrownBy(() -> Versions.compare("1.x", "1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1.x");
    }

    @Test
    void aDevelopmentBuildOfTheHostSatisfiesItsRelease() {
        assertThat(Versions.satisfies("0.1.0-SNAPSHOT", "0.1.0")).isTrue();
        assertThat(Versions.satisfies("0.1.0-SNAPSHOT", "0.1")).isTrue();
        assertThat(Versions.satisfies("0.1.0-SNAPSHOT", "0.1.1")).isFalse();
        assertThat(Versions.satisfies("0.1.0", "0.1.0-SNAPSHOT")).isTrue();
        assertThat(Versions.satisfies("1.2.10", "1.2.9")).isTrue();
        assertThat(Versions.satisfies("1.2.9", "1.2.10")).isFalse();
    }
}
