//! The bodies above the units, in time: the plan's issuer (`[plan] issuer`), the
//! report's recipients and its signer (`[report]`), and the plan's own end
//! (`[plan] ends`). Each body may end and be succeeded:
//!
//! ```toml
//! [plan]
//! issuer = { vi = "Ủy ban nhân dân huyện …", en = "…", ends = "2025-06-30" }
//! ends = "2025-06-30"
//!
//! [report]
//! recipients = [
//!   { vi = "Sở Lao động - TB&XH tỉnh (B/c)", en = "…", ends = "2025-02-28",
//!     successor = { vi = "Sở Nội vụ tỉnh (B/c)", en = "…" } },
//! ]
//! signer = "Nguyễn Văn A"     # or { name = "…", ends = "…", successor = { name = "…" } }
//! ```

use super::Validator;
use crate::domain::period::Round;
use crate::i18n::Text;
use crate::plan::Body;
use crate::tr;
use chrono::NaiveDate;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, de::value::MapAccessDeserializer};
use std::ops::Range;
use toml::Spanned;

/// A body as plan.toml writes it: its name in both languages (`vi`, `en`), or one
/// `name` for a person, its last day and its successor.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawBody {
    vi: Option<String>,
    en: Option<String>,
    name: Option<String>,
    ends: Option<Spanned<String>>,
    successor: Option<Box<Spanned<RawBody>>>,
}

impl RawBody {
    /// The first release's signer: one name, no end.
    fn named(text: Text) -> RawBody {
        RawBody {
            vi: Some(text.vi),
            en: Some(text.en),
            name: None,
            ends: None,
            successor: None,
        }
    }
}

/// The signer: a name, as the first release wrote it, or a body with an end and a
/// successor.
pub(super) struct RawSigner(pub(super) RawBody);

impl Default for RawSigner {
    fn default() -> RawSigner {
        RawSigner(RawBody::named(Text::default()))
    }
}

impl<'de> Deserialize<'de> for RawSigner {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<RawSigner, D::Error> {
        struct Either;
        impl<'de> Visitor<'de> for Either {
            type Value = RawSigner;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a name, or a table with `name`, `ends` and `successor`")
            }
            fn visit_str<E: de::Error>(self, name: &str) -> Result<RawSigner, E> {
                let text = Text {
                    vi: name.to_string(),
                    en: name.to_string(),
                };
                Ok(RawSigner(RawBody::named(text)))
            }
            fn visit_map<M: MapAccess<'de>>(self, map: M) -> Result<RawSigner, M::Error> {
                RawBody::deserialize(MapAccessDeserializer::new(map)).map(RawSigner)
            }
        }
        deserializer.deserialize_any(Either)
    }
}

impl Validator<'_> {
    /// A body and its successors, each checked: a name, a possible last day, and a
    /// successor only after an end that comes after the body before it ended.
    pub(super) fn body(&mut self, raw: &Spanned<RawBody>, what: &str) -> Body {
        self.body_at(raw.get_ref(), raw.span(), what, None)
    }

    /// The body written at `span`, succeeding one that ended on `before`.
    pub(super) fn body_at(
        &mut self,
        b: &RawBody,
        span: Range<usize>,
        what: &str,
        before: Option<NaiveDate>,
    ) -> Body {
        let name = self.body_name(b, span, what);
        let ends = b.ends.as_ref().and_then(|at| self.body_end(at, what));
        if let (Some(end), Some(earlier), Some(at)) = (ends, before, b.ends.as_ref()) {
            self.check_succession(at, what, earlier, end);
        }
        let successor = b.successor.as_deref().map(|next| {
            if b.ends.is_none() {
                self.successor_without_end(next.span(), what);
            }
            Box::new(self.body_at(next.get_ref(), next.span(), what, ends.or(before)))
        });
        Body {
            name,
            ends,
            successor,
        }
    }

    /// `vi` and `en`, or one `name` for both (a person).
    fn body_name(&mut self, b: &RawBody, span: Range<usize>, what: &str) -> Text {
        let clean = |t: &Option<String>| t.as_deref().map(str::trim).unwrap_or("").to_string();
        let (vi, en, name) = (clean(&b.vi), clean(&b.en), clean(&b.name));
        if !name.is_empty() {
            return Text {
                vi: name.clone(),
                en: name,
            };
        }
        if vi.is_empty() || en.is_empty() {
            let lang = self.lang;
            self.error_at(
                span.start,
                tr!(
                    lang,
                    "{what} has no name in both languages",
                    "{what} chưa có tên bằng cả hai thứ tiếng"
                ),
                tr!(
                    lang,
                    "write `vi = \"…\"` and `en = \"…\"` (or `name = \"…\"` for a person)",
                    "viết `vi = \"…\"` và `en = \"…\"` (hoặc `name = \"…\"` cho một người)"
                ),
            );
        }
        Text { vi, en }
    }

    /// The body's last day, `YYYY-MM-DD`.
    fn body_end(&mut self, at: &Spanned<String>, what: &str) -> Option<NaiveDate> {
        let text = at.get_ref().trim();
        let parsed = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok();
        if parsed.is_none() {
            let lang = self.lang;
            self.error(
                at,
                tr!(
                    lang,
                    "impossible end date \"{text}\" for {what}",
                    "ngày kết thúc \"{text}\" của {what} không hợp lệ"
                ),
                tr!(
                    lang,
                    "write its last day as \"YYYY-MM-DD\", such as \"2025-06-30\"",
                    "viết ngày cuối cùng dạng \"YYYY-MM-DD\", ví dụ \"2025-06-30\""
                ),
            );
        }
        parsed
    }

    fn check_succession(
        &mut self,
        at: &Spanned<String>,
        what: &str,
        earlier: NaiveDate,
        end: NaiveDate,
    ) {
        if end > earlier {
            return;
        }
        let lang = self.lang;
        self.error(
            at,
            tr!(
                lang,
                "a successor in {what} ends ({end}) before the body it succeeds ended ({earlier})",
                "{what}: cơ quan kế nhiệm kết thúc ({end}) trước khi cơ quan trước đó kết thúc ({earlier})"
            ),
            tr!(
                lang,
                "a successor takes over the day after its predecessor's `ends`; check both dates",
                "cơ quan kế nhiệm tiếp nhận từ ngày sau `ends` của cơ quan trước; hãy kiểm tra hai ngày này"
            ),
        );
    }

    fn successor_without_end(&mut self, span: Range<usize>, what: &str) {
        let lang = self.lang;
        self.error_at(
            span.start,
            tr!(
                lang,
                "{what} has a successor but no end",
                "{what} có cơ quan kế nhiệm nhưng chưa có ngày kết thúc"
            ),
            tr!(
                lang,
                "give its last day with `ends = \"YYYY-MM-DD\"`: the successor takes over the day after",
                "ghi ngày cuối cùng bằng `ends = \"YYYY-MM-DD\"`: cơ quan kế nhiệm tiếp nhận từ ngày hôm sau"
            ),
        );
    }

    /// `[plan] ends`: a day inside the plan's years, on or after its first round's
    /// due date (a plan that ends before anything is owed owes nothing).
    pub(super) fn plan_end(
        &mut self,
        at: Option<&Spanned<String>>,
        years: (i32, i32),
        rounds: &[Round],
    ) -> Option<NaiveDate> {
        let at = at?;
        let end = self.body_end(at, "[plan]")?;
        let lang = self.lang;
        let (first, last) = years;
        let chrono_year = chrono::Datelike::year(&end);
        if !(first..=last).contains(&chrono_year) {
            self.error(
                at,
                tr!(
                    lang,
                    "the plan's end {end} is outside its years {first}–{last}",
                    "ngày kết thúc kế hoạch {end} nằm ngoài giai đoạn {first}–{last}"
                ),
                tr!(
                    lang,
                    "`ends` is the plan's last day when it ended early; leave it out when the plan runs to {last}",
                    "`ends` là ngày cuối cùng của kế hoạch khi kế hoạch kết thúc sớm; bỏ dòng này nếu kế hoạch thực hiện đến hết năm {last}"
                ),
            );
            return None;
        }
        if rounds.first().is_some_and(|r| r.due > end) {
            self.error(
                at,
                tr!(
                    lang,
                    "the plan ends on {end}, before its first report is due ({})",
                    "kế hoạch kết thúc ngày {end}, trước hạn báo cáo đầu tiên ({})",
                    rounds[0].due
                ),
                tr!(
                    lang,
                    "check `ends` in [plan] and the schedule's first period",
                    "kiểm tra `ends` trong [plan] và kỳ đầu tiên của [schedule]"
                ),
            );
        }
        Some(end)
    }
}
