//! An indicator as Open SDG's data and metadata files: the CSV (`Year`, the
//! disaggregation columns, `GeoCode`, `Value` last; the headline rows with the
//! disaggregation columns blank; every cell made safe by [`crate::text::for_csv`])
//! and the metadata as YAML, the serde serialisation of
//! [`crate::exchange::opensdg::Metadata`].

use crate::exchange::number_text;
use crate::exchange::opensdg::{Row, Series};
use std::io;

/// The file names Open SDG's build (sdg-build) reads by default.
pub fn data_file(series: &Series) -> String {
    format!("data/indicator_{}.csv", series.slug)
}

pub fn meta_file(series: &Series) -> String {
    format!("meta/{}.yml", series.slug)
}

/// The indicator's CSV: comma-separated, UTF-8 without a byte-order mark.
pub fn write_csv(series: &Series) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    {
        let mut writer = csv::WriterBuilder::new().from_writer(&mut bytes);
        let mut writer = super::SafeCells(&mut writer);
        writer.write_record(&header(series))?;
        for row in &series.rows {
            writer.write_record(&cells(series, row))?;
        }
        writer.flush()?;
    }
    Ok(bytes)
}

fn header(series: &Series) -> Vec<String> {
    let columns = &series.columns;
    let mut header = vec!["Year".to_string()];
    header.extend(columns.group.clone());
    header.extend(columns.unit.map(str::to_string));
    if columns.geo_code {
        header.push("GeoCode".to_string());
    }
    header.push("Value".to_string());
    header
}

fn cells(series: &Series, row: &Row) -> Vec<String> {
    let columns = &series.columns;
    let text = |cell: &Option<String>| cell.clone().unwrap_or_default();
    let mut cells = vec![row.year.to_string()];
    if columns.group.is_some() {
        cells.push(text(&row.group));
    }
    if columns.unit.is_some() {
        cells.push(text(&row.unit));
    }
    if columns.geo_code {
        cells.push(text(&row.geo_code));
    }
    cells.push(number_text(row.value));
    cells
}

/// The indicator's metadata as YAML.
pub fn write_yaml(series: &Series) -> Result<Vec<u8>, serde_norway::Error> {
    serde_norway::to_string(&series.metadata).map(String::into_bytes)
}
