//! The export as DHIS2 dataValueSets: JSON (the serde serialisation of
//! [`DataValueSet`]) and CSV in DHIS2's column order.

use crate::exchange::{Amount, CSV_HEADER, Export, Value, dhis2_period, number_text};
use serde::Serialize;
use std::io::{self, Write};

/// The codes are codes (DHIS2's `CODE` id scheme), whether `[exchange.dhis2]`
/// gave them or they are our ids.
const CODE: &str = "CODE";

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DataValueSet {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_set: Option<String>,
    pub id_scheme: &'static str,
    pub data_element_id_scheme: &'static str,
    pub org_unit_id_scheme: &'static str,
    pub data_values: Vec<DataValue>,
}

/// One value. A value of the whole has no category option combination, and
/// no value has an attribute option combination: DHIS2 takes its defaults.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DataValue {
    pub data_element: String,
    pub period: String,
    pub org_unit: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category_option_combo: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attribute_option_combo: Option<String>,
    pub value: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stored_by: Option<String>,
    pub created: String,
    pub last_updated: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// The dataValueSet of an export.
pub fn data_value_set(export: &Export) -> DataValueSet {
    DataValueSet {
        data_set: export.data_set.clone(),
        id_scheme: CODE,
        data_element_id_scheme: CODE,
        org_unit_id_scheme: CODE,
        data_values: export.values.iter().map(data_value).collect(),
    }
}

fn data_value(value: &Value) -> DataValue {
    DataValue {
        data_element: value.data_element.clone(),
        period: dhis2_period(value.period),
        org_unit: value.org_unit.clone(),
        category_option_combo: value.group.as_ref().map(|(_, code)| code.clone()),
        attribute_option_combo: None,
        value: amount_text(value.amount),
        stored_by: (!value.stored_by.is_empty()).then(|| value.stored_by.clone()),
        created: value.recorded.clone(),
        last_updated: value.recorded.clone(),
        comment: value.comment.clone(),
    }
}

/// A value as DHIS2 reads it: a number, or `true`/`false`.
fn amount_text(amount: Amount) -> String {
    match amount {
        Amount::Number(n) => number_text(n),
        Amount::YesNo(yes) => yes.to_string(),
    }
}

pub fn write_json(export: &Export) -> serde_json::Result<Vec<u8>> {
    let mut json = serde_json::to_vec_pretty(&data_value_set(export))?;
    json.push(b'\n');
    Ok(json)
}

/// The CSV DHIS2 imports: its header, comma-separated, no byte-order mark;
/// every cell made safe ([`crate::text::for_csv`]).
pub fn write_csv(export: &Export, out: &mut dyn Write) -> io::Result<()> {
    let mut writer = csv::WriterBuilder::new().from_writer(out);
    let mut writer = super::SafeCells(&mut writer);
    writer.write_record(&CSV_HEADER)?;
    for value in data_value_set(export).data_values {
        writer.write_record(&[
            value.data_element.as_str(),
            &value.period,
            &value.org_unit,
            value.category_option_combo.as_deref().unwrap_or(""),
            value.attribute_option_combo.as_deref().unwrap_or(""),
            &value.value,
            value.stored_by.as_deref().unwrap_or(""),
            &value.last_updated,
            value.comment.as_deref().unwrap_or(""),
            "false",
        ])?;
    }
    writer.flush()
}
