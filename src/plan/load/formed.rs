//! `formed_from` in `[[units]]`: the units of the previous plan a unit of this plan
//! was formed from (a commune formed by merging old communes), whose figures give
//! its baseline; `formed_from_outside` names those it was also formed from that
//! the previous plan does not have, so that its baseline is marked partial.
//!
//! ```toml
//! [[units]]
//! id = "tan-phong"
//! formed_from = ["nung-nang", "ban-giang"]          # ids in the previous plan
//! formed_from_outside = ["Phường Tân Phong", "Phường Đông Phong", "Xã San Thàng"]
//! ```
//!
//! The ids are checked against the previous plan when it is read
//! (`cli::previous`); here, only that they can be: the plan names a previous plan,
//! and no id is empty.

use super::{RawUnit, Validator};
use crate::tr;
use toml::Spanned;

impl Validator<'_> {
    /// (unit index, previous plan's unit id, line) for each `formed_from` id.
    pub(super) fn formed(
        &mut self,
        units: &[Spanned<RawUnit>],
        has_previous: bool,
    ) -> Vec<(u16, String, usize)> {
        let mut formed = Vec::new();
        for (index, unit) in units.iter().enumerate() {
            for id in &unit.get_ref().formed_from {
                if self.formed_id_is_usable(id, has_previous) {
                    let line = self.line_of(id.span().start);
                    formed.push((index as u16, id.get_ref().trim().to_string(), line));
                }
            }
        }
        formed
    }

    fn formed_id_is_usable(&mut self, id: &Spanned<String>, has_previous: bool) -> bool {
        let lang = self.lang;
        if !has_previous {
            self.error(
                id,
                tr!(
                    lang,
                    "`formed_from` names units of the previous plan, but this plan has no [previous]",
                    "`formed_from` ghi các đơn vị của kế hoạch trước, nhưng kế hoạch này không có mục `[previous]`"
                ),
                tr!(
                    lang,
                    "add [previous] with `plan = \"path/to/the previous plan.toml\"`, or name units outside it with `formed_from_outside`",
                    "thêm mục `[previous]` với `plan = \"đường/dẫn/kế hoạch trước.toml\"`, hoặc ghi các đơn vị ngoài kế hoạch đó bằng `formed_from_outside`"
                ),
            );
            return false;
        }
        if id.get_ref().trim().is_empty() {
            self.error(
                id,
                tr!(
                    lang,
                    "an id in `formed_from` is empty",
                    "một mã trong `formed_from` để trống"
                ),
                tr!(
                    lang,
                    "write the id the unit has in the previous plan",
                    "viết mã của đơn vị trong kế hoạch trước"
                ),
            );
            return false;
        }
        true
    }
}
