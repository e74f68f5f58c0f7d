package org.deepraster.raster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The classes written beside a raster are read back: our own table, ArcGIS's attribute table, an Esri colour map. */
class ClassTableReadTest {
    @TempDir
    Path dir;

    @Test
    void whatWeWriteIsReadBack() throws IOException {
        Path tif = dir.resolve("out.tif");
        List<ClassTable.Row> rows = List.of(new ClassTable.Row(1, "Bare Land", 0xAABBCC), new ClassTable.Row(4, "Water & Co", 0x0000FF));
        ClassTable.write(tif, rows);
        assertThat(ClassTable.read(tif)).isEqualTo(rows);
    }

    @Test
    void anArcGisAttributeTableWithCountsAndClassName() throws IOException {
        Path tif = dir.resolve("esri.tif");
        Files.writeString(ClassTable.sidecar(tif), """
                <PAMDataset><PAMRasterBand band="1"><GDALRasterAttributeTable>
                  <FieldDefn index="0"><Name>Value</Name><Type>0</Type><Usage>0</Usage></FieldDefn>
                  <FieldDefn index="1"><Name>Count</Name><Type>1</Type><Usage>0</Usage></FieldDefn>
                  <FieldDefn index="2"><Name>ClassName</Name><Type>2</Type><Usage>0</Usage></FieldDefn>
                  <FieldDefn index="3"><Name>Red</Name><Type>0</Type><Usage>0</Usage></FieldDefn>
                  <FieldDefn index="4"><Name>Green</Name><Type>0</Type><Usage>0</Usage></FieldDefn>
                  <FieldDefn index="5"><Name>Blue</Name><Type>0</Type><Usage>0</Usage></FieldDefn>
                  <Row index="0"><F>2</F><F>1234</F><F>Trees</F><F>30</F><F>140</F><F>40</F></Row>
                  <Row index="1"><F>5</F><F>99</F><F>Bare Land</F><F>200</F><F>180</F><F>120</F></Row>
                </GDALRasterAttributeTable></PAMRasterBand></PAMDataset>
                """);
        assertThat(ClassTable.read(tif)).containsExactly(new ClassTable.Row(2, "Trees", 0x1E8C28),
                new ClassTable.Row(5, "Bare Land", 0xC8B478));
    }

    @Test
    void categoryNamesAndAnEsriColourMap() throws IOException {
        Path tif = dir.resolve("cats.tif");
        Files.writeString(ClassTable.sidecar(tif), """
                <PAMDataset><PAMRasterBand band="1"><CategoryNames>
                  <Category /><Category>Grass</Category><Category>Road</Category>
                </CategoryNames></PAMRasterBand></PAMDataset>
                """);
        Files.writeString(dir.resolve("cats.clr"), "# value red green blue\n1 0 255 0\n2 90 90 90\n7 1 2 3 Unnamed in aux\n");
        assertThat(ClassTable.read(tif)).containsExactly(new ClassTable.Row(1, "Grass", 0x00FF00),
                new ClassTable.Row(2, "Road", 0x5A5A5A), new ClassTable.Row(7, "Unnamed in aux", 0x010203));
    }

    @Test
    void nothingBesideOrABrokenSidecarGivesNoClasses() throws IOException {
        Path tif = dir.resolve("plain.tif");
        assertThat(ClassTable.read(tif)).isEmpty();
        Files.writeString(ClassTable.sidecar(tif), "<PAMDataset><PAMRasterBand band=\"1\"><GDALRaster");
        assertThat(ClassTable.read(tif)).isEmpty();
    }
}
