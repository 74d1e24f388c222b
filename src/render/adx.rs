//! The export as an IHE ADX message (`urn:ihe:qrph:adx:2015`), written with
//! quick-xml so that every attribute is escaped: one `<group>` per unit and
//! period, one `<dataValue>` per value, a group's figure with its dimension as
//! an attribute (`sex="female"`), a note as the value's `<annotation>`.

use crate::exchange::{Amount, Export, Value, adx_period, number_text};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use std::io;

pub const NAMESPACE: &str = "urn:ihe:qrph:adx:2015";

type Xml = Writer<Vec<u8>>;

pub fn write(export: &Export) -> io::Result<Vec<u8>> {
    let mut xml = Writer::new_with_indent(Vec::new(), b' ', 2);
    xml.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let exported = format!("{}T00:00:00", export.as_of.format("%Y-%m-%d"));
    let root = BytesStart::new("adx")
        .with_attributes([("xmlns", NAMESPACE), ("exported", exported.as_str())]);
    xml.write_event(Event::Start(root))?;
    for group in export
        .values
        .chunk_by(|a, b| (a.period, &a.org_unit) == (b.period, &b.org_unit))
    {
        write_group(&mut xml, export, group)?;
    }
    xml.write_event(Event::End(BytesEnd::new("adx")))?;
    let mut bytes = xml.into_inner();
    bytes.push(b'\n');
    Ok(bytes)
}

/// One unit's values for one period.
fn write_group(xml: &mut Xml, export: &Export, values: &[Value]) -> io::Result<()> {
    let first = &values[0];
    let period = adx_period(first.period);
    let org_unit = clean(&first.org_unit);
    let mut start = BytesStart::new("group")
        .with_attributes([("orgUnit", org_unit.as_str()), ("period", period.as_str())]);
    if let Some(data_set) = &export.data_set {
        start.push_attribute(("dataSet", clean(data_set).as_str()));
    }
    xml.write_event(Event::Start(start))?;
    for value in values {
        write_value(xml, value)?;
    }
    xml.write_event(Event::End(BytesEnd::new("group")))?;
    Ok(())
}

fn write_value(xml: &mut Xml, value: &Value) -> io::Result<()> {
    let element = clean(&value.data_element);
    let amount = amount_text(value.amount);
    let mut start = BytesStart::new("dataValue").with_attributes([
        ("dataElement", element.as_str()),
        ("value", amount.as_str()),
    ]);
    if let Some((dimension, code)) = &value.group {
        start.push_attribute((dimension.as_str(), clean(code).as_str()));
    }
    match &value.comment {
        None => xml.write_event(Event::Empty(start))?,
        Some(comment) => {
            xml.write_event(Event::Start(start))?;
            xml.write_event(Event::Start(BytesStart::new("annotation")))?;
            xml.write_event(Event::Text(BytesText::new(&crate::text::for_xml(comment))))?;
            xml.write_event(Event::End(BytesEnd::new("annotation")))?;
            xml.write_event(Event::End(BytesEnd::new("dataValue")))?;
        }
    }
    Ok(())
}

/// ADX values are decimals: yes is 1 and no is 0.
fn amount_text(amount: Amount) -> String {
    match amount {
        Amount::Number(n) => number_text(n),
        Amount::YesNo(yes) => u8::from(yes).to_string(),
    }
}

/// A code as an XML attribute may hold it ([`crate::text::for_xml`]).
fn clean(code: &str) -> String {
    crate::text::for_xml(code).into_owned()
}
