//! `[plan]`, `[[funding]]` and `[report]`: the heading, the funding clauses and how
//! the district's report is numbered, addressed and signed.

use super::*;

impl Validator<'_> {
    /// `[plan]`: a coordinator that is one of the units, and years a plan can have.
    pub(super) fn meta(
        &mut self,
        m: &RawMeta,
        funding_clauses: &[RawClause],
        unit_set: &std::collections::HashSet<&str>,
        unit_refs: &[&str],
    ) -> Meta {
        let lang = self.lang;
        let coordinator = m.coordinator.get_ref().trim().to_string();
        if !unit_set.contains(coordinator.as_str()) {
            self.unknown_unit(&m.coordinator, "[plan] coordinator", unit_refs);
        }
        let (start_year, end_year) = self.years(m);
        let issuer = lang.pick("the plan's issuer", "cơ quan ban hành kế hoạch");
        Meta {
            title: m.title.clone(),
            issuer: self.body(&m.issuer, issuer),
            document_number: m.document_number.clone(),
            document_date: m.document_date.clone(),
            start_year,
            end_year,
            // Checked against the rounds once the schedule is read ([`Self::build`]).
            ends: None,
            target_year: *m.target_year.get_ref(),
            coordinator,
            basis: m.implements.as_ref().map(RawClause::clause),
            goal: m.goal.as_ref().map(RawClause::clause),
            funding: funding(funding_clauses, m.budget.as_ref()),
        }
    }

    /// The plan's first and last years, within bounds and in order.
    fn years(&mut self, m: &RawMeta) -> (i32, i32) {
        let lang = self.lang;
        let (start_year, end_year) = (*m.start_year.get_ref(), *m.end_year.get_ref());
        for year in [&m.start_year, &m.end_year] {
            let y = *year.get_ref();
            if !(MIN_YEAR..=MAX_YEAR).contains(&y) {
                self.error(
                    year,
                    tr!(
                        lang,
                        "the year {y} is outside {MIN_YEAR}–{MAX_YEAR}",
                        "năm {y} nằm ngoài khoảng {MIN_YEAR}–{MAX_YEAR}"
                    ),
                    tr!(
                        lang,
                        "check start_year and end_year: a plan covers a few years",
                        "kiểm tra start_year và end_year: một kế hoạch kéo dài vài năm"
                    ),
                );
            }
        }
        if end_year < start_year {
            self.error(
                &m.end_year,
                tr!(
                    lang,
                    "the plan ends ({end_year}) before it starts ({start_year})",
                    "kế hoạch kết thúc ({end_year}) trước khi bắt đầu ({start_year})"
                ),
                tr!(
                    lang,
                    "check start_year and end_year",
                    "kiểm tra start_year và end_year"
                ),
            );
        }
        (start_year, end_year)
    }

    /// `[report]` as written, trimmed; its recipients and signer are bodies in time.
    pub(super) fn report_form(&mut self, raw: &RawReportForm) -> ReportForm {
        let lang = self.lang;
        let recipient = lang.pick("a recipient in [report]", "một nơi nhận trong [report]");
        let signer = lang.pick("the signer in [report]", "người ký trong [report]");
        ReportForm {
            symbol: raw.symbol.trim().to_string(),
            place: raw.place.trim().to_string(),
            recipients: raw
                .recipients
                .iter()
                .map(|r| self.body(r, recipient))
                .collect(),
            signature: raw.signature.clone(),
            signer: match &raw.signer {
                Some(s) => self.body_at(&s.get_ref().0, s.span(), signer, None),
                None => Body::default(),
            },
        }
    }
}

/// The funding clauses; a plan of the first release gave one `budget` text instead.
pub(super) fn funding(clauses: &[RawClause], budget: Option<&Text>) -> Vec<Clause> {
    if clauses.is_empty() {
        return budget
            .map(|text| Clause {
                source: String::new(),
                text: text.clone(),
            })
            .into_iter()
            .collect();
    }
    clauses.iter().map(RawClause::clause).collect()
}
