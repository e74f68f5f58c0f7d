package org.deepraster.toolbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.deepraster.feature.Feature;
import org.deepraster.feature.FeatureCollection;
import org.deepraster.feature.ReviewStore;
import org.deepraster.feature.VectorFiles;
import org.deepraster.feature.WriteMode;
import org.deepraster.util.UserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReviewModelTest {
    @TempDir
    Path dir;

    @Test
    void decisionsSurviveClosingAndReopeningTheFile() throws Exception {
        Path gpkg = ReviewFixtures.classified(dir, 20);
        long first;
        long second;
        long third;
        try (ReviewModel m = ReviewModel.open(gpkg, "classified", ReviewFixtures.style())) {
            assertThat(m.classes()).containsExactly("damaged", "undamaged");
            List<Feature> fs = m.features();
            assertThat(fs).hasSize(20);
            first = fs.get(0).id();
            second = fs.get(1).id();
            third = fs.get(2).id();
            m.accept(first);
            m.reject(second);
            m.relabel(third, "undamaged"); // the model said damaged
            m.accept(fs.get(3).id());
            m.clear(fs.get(3).id()); // undone
        }
        // a plain reader (what any GIS sees) has the fields
        FeatureCollection c = VectorFiles.open(gpkg).get(0);
        assertThat(c.schema().field(ReviewStore.STATUS_FIELD)).isPresent();
        assertThat(c.schema().field(ReviewStore.LABEL_FIELD)).isPresent();
        Map<Long, Feature> byId = new java.util.HashMap<>();
        c.features().forEach(f -> byId.put(f.id(), f));
        assertThat(byId.get(first).get("Review")).isEqualTo("accepted");
        assertThat(byId.get(second).get("Review")).isEqualTo("rejected");
        assertThat(byId.get(third).get("Review")).isEqualTo("accepted");
        assertThat(byId.get(third).get("ReviewLabel")).isEqualTo("undamaged");
        assertThat(byId.get(third).get("ClassLabel")).as("the model's label is kept").isEqualTo("damaged");
        assertThat(byId.get(third).get("ReviewedAt")).isNotNull();

        try (ReviewModel m = ReviewModel.open(gpkg, "classified", null)) {
            assertThat(m.status(first)).isEqualTo(ReviewModel.StatusFilter.ACCEPTED);
            assertThat(m.status(second)).isEqualTo(ReviewModel.StatusFilter.REJECTED);
            assertThat(m.status(third)).isEqualTo(ReviewModel.StatusFilter.RELABELLED);
            assertThat(m.reviewedClass(m.feature(third))).isEqualTo("undamaged");
            assertThat(m.status(m.features().get(3).id())).isEqualTo(ReviewModel.StatusFilter.NOT_REVIEWED);
            ReviewModel.Counts damaged = m.counts().get("damaged");
            ReviewModel.Counts undamaged = m.counts().get("undamaged");
            assertThat(damaged).isEqualTo(new ReviewModel.Counts(10, 1, 1, 0));
            assertThat(undamaged).isEqualTo(new ReviewModel.Counts(10, 0, 0, 1));
            assertThat(damaged.remaining()).isEqualTo(8);
            // without a map style the classes come in class-value order with colours of their own
            assertThat(m.classes()).containsExactly("undamaged", "damaged");
            assertThat(m.color("damaged")).isNotEqualTo(m.color("undamaged"));
        }
    }

    @Test
    void theFilterFollowsClassesConfidenceAndStatus() throws Exception {
        Path gpkg = ReviewFixtures.classified(dir, 20);
        try (ReviewModel m = ReviewModel.open(gpkg, "classified", ReviewFixtures.style())) {
            assertThat(m.filter(Set.of("damaged", "undamaged"), 0, ReviewModel.StatusFilter.ALL)).isNull();
            Predicate<Feature> onlyDamaged = m.filter(Set.of("damaged"), 0, ReviewModel.StatusFilter.ALL);
            assertThat(m.features().stream().filter(onlyDamaged).map(m::modelClass)).hasSize(10).containsOnly("damaged");
            Predicate<Feature> confident = m.filter(Set.of("damaged", "undamaged"), 80, ReviewModel.StatusFilter.ALL);
            assertThat(m.features().stream().filter(confident).mapToDouble(m::confidence).min().orElseThrow())
                    .isGreaterThanOrEqualTo(80);
            Predicate<Feature> open = m.filter(Set.of("damaged", "undamaged"), 0, ReviewModel.StatusFilter.NOT_REVIEWED);
            assertThat(m.features().stream().filter(open)).hasSize(20);
            m.reject(m.features().get(5).id());
            assertThat(m.features().stream().filter(open)).as("the predicate sees later decisions").hasSize(19);
        }
    }

    @Test
    void exportsTheAcceptedFeaturesWithRelabelsApplied() throws Exception {
        Path gpkg = ReviewFixtures.classified(dir, 10);
        Path out = dir.resolve("accepted.gpkg");
        try (ReviewModel m = ReviewModel.open(gpkg, "classified", ReviewFixtures.style())) {
            List<Feature> fs = m.features();
            m.accept(fs.get(1).id());
            m.relabel(fs.get(2).id(), "undamaged");
            m.reject(fs.get(3).id());
            assertThat(m.exportAccepted(out, WriteMode.CREATE)).isEqualTo(2);
            assertThatThrownBy(() -> m.exportAccepted(out, WriteMode.CREATE)).isInstanceOf(UserException.class);
        }
        FeatureCollection c = VectorFiles.open(out).get(0);
        assertThat(c.schema().name()).isEqualTo("accepted");
        assertThat(c.features()).hasSize(2);
        assertThat(c.features()).allSatisfy(f -> {
            assertThat(f.get("ClassLabel")).isEqualTo("undamaged");
            assertThat(f.get("Class")).isEqualTo(0L);
            assertThat(f.get("Review")).isEqualTo("accepted");
        });
        assertThat(c.features().stream().map(f -> f.get("ReviewLabel"))).containsExactlyInAnyOrder(null, "undamaged");
        Path geojson = dir.resolve("accepted.geojson");
        try (ReviewModel m = ReviewModel.open(gpkg, "classified", null)) {
            assertThat(m.exportAccepted(geojson, WriteMode.CREATE)).isEqualTo(2);
        }
        assertThat(Files.size(geojson)).isPositive();
    }

    @Test
    void classesTheStyleDoesNotColourGetTheToolsDefaultColours() throws Exception {
        Path gpkg = ReviewFixtures.classified(dir, 6);
        try (ReviewModel m = ReviewModel.open(gpkg, "classified", null)) {
            // the same colours the map and the accuracy report give a layer without class colours
            // (the i-th class of the layer's class order gets the i-th default colour)
            List<String> classes = m.classes();
            assertThat(classes).containsExactlyInAnyOrder("damaged", "undamaged");
            for (int i = 0; i < classes.size(); i++) {
                assertThat(m.color(classes.get(i)).getRGB() & 0xFFFFFF).isEqualTo(org.deepraster.model.ClassInfo.defaultRgb(i));
            }
        }
        try (ReviewModel m = ReviewModel.open(gpkg, "classified", ReviewFixtures.style())) {
            assertThat(m.color("damaged")).isEqualTo(ReviewFixtures.DAMAGED);
        }
    }

    @Test
    void onlyGeoPackagesCanBeReviewed() throws Exception {
        Path gpkg = ReviewFixtures.classified(dir, 4);
        Path shp = dir.resolve("classified.shp");
        try (ReviewModel m = ReviewModel.open(gpkg, "classified", null)) {
            m.exportAccepted(dir.resolve("x.gpkg"), WriteMode.CREATE);
        }
        org.deepraster.feature.FeatureCollection c = VectorFiles.open(gpkg).get(0);
        try (var w = org.deepraster.feature.FeatureWriters.create(shp, c.schema(), WriteMode.CREATE)) {
            w.write(c.features());
        }
        assertThatThrownBy(() -> ReviewModel.open(shp, "classified", null))
                .isInstanceOf(UserException.class)
                .hasMessageContaining("GeoPackage")
                .satisfies(e -> assertThat(((UserException) e).hint()).contains(".gpkg"));
        assertThatThrownBy(() -> ReviewModel.open(gpkg, "nothing", null))
                .isInstanceOf(UserException.class).hasMessageContaining("nothing");
    }
}
