//! The keys plan.toml may hold, as a tree: what the TOML reader checks unknown
//! keys against, and what the plan workbook's sheets and columns are made from
//! (`crate::plan::sheets`), so the two formats know the same keys.

pub enum Shape {
    Table(&'static [(&'static str, Shape)]),
    ArrayOf(&'static Shape),
    /// Either a string or a { vi, en } table.
    TextOrString,
    /// A body in time ([`bodies::RawBody`]): a string (a person's name) or a table
    /// of `vi`, `en`, `name`, `ends` and `successor`, itself a body.
    Body,
    Leaf,
}

pub const TEXT: Shape = Shape::Table(&[("vi", Shape::Leaf), ("en", Shape::Leaf)]);
/// The keys of a body's table; its successor is a body again.
pub const BODY: Shape = Shape::Table(&[
    ("vi", Shape::Leaf),
    ("en", Shape::Leaf),
    ("name", Shape::Leaf),
    ("ends", Shape::Leaf),
    ("successor", Shape::Body),
]);
/// A passage of the plan: its text in both languages and where it stands in the source.
pub const CLAUSE: Shape = Shape::Table(&[
    ("vi", Shape::Leaf),
    ("en", Shape::Leaf),
    ("source", Shape::Leaf),
]);
pub const ROOT: Shape = Shape::Table(&[
    (
        "plan",
        Shape::Table(&[
            ("title", TEXT),
            ("issuer", Shape::Body),
            ("ends", Shape::Leaf),
            ("document_number", Shape::Leaf),
            ("document_date", Shape::Leaf),
            ("implements", CLAUSE),
            ("goal", CLAUSE),
            ("start_year", Shape::Leaf),
            ("end_year", Shape::Leaf),
            ("target_year", Shape::Leaf),
            ("coordinator", Shape::Leaf),
            ("budget", TEXT),
        ]),
    ),
    ("funding", Shape::ArrayOf(&CLAUSE)),
    (
        "dimensions",
        Shape::ArrayOf(&Shape::Table(&[
            ("id", Shape::Leaf),
            ("name", TEXT),
            (
                "groups",
                Shape::ArrayOf(&Shape::Table(&[
                    ("id", Shape::Leaf),
                    ("vi", Shape::Leaf),
                    ("en", Shape::Leaf),
                    ("aliases", Shape::Leaf),
                ])),
            ),
        ])),
    ),
    ("tasks", Shape::ArrayOf(&CLAUSE)),
    (
        "schedule",
        Shape::Table(&[
            ("first_period", Shape::Leaf),
            ("last_period", Shape::Leaf),
            (
                "reports",
                Shape::ArrayOf(&Shape::Table(&[
                    ("period", Shape::Leaf),
                    ("due", Shape::Leaf),
                    ("name", TEXT),
                ])),
            ),
            ("due_day", Shape::Leaf),
            (
                "ad_hoc",
                Shape::ArrayOf(&Shape::Table(&[
                    ("name", TEXT),
                    ("period", Shape::Leaf),
                    ("due", Shape::Leaf),
                    ("units", Shape::Leaf),
                    ("indicators", Shape::Leaf),
                    ("source", Shape::Leaf),
                    ("basis", TEXT),
                ])),
            ),
        ]),
    ),
    (
        "report",
        Shape::Table(&[
            ("symbol", Shape::Leaf),
            ("place", Shape::Leaf),
            ("recipients", Shape::ArrayOf(&Shape::Body)),
            ("signature", Shape::ArrayOf(&TEXT)),
            ("signer", Shape::Body),
        ]),
    ),
    (
        "campaigns",
        Shape::ArrayOf(&Shape::Table(&[
            ("start", Shape::Leaf),
            ("end", Shape::Leaf),
            ("name", TEXT),
        ])),
    ),
    (
        "objectives",
        Shape::ArrayOf(&Shape::Table(&[("number", Shape::Leaf), ("title", TEXT)])),
    ),
    (
        "indicators",
        Shape::ArrayOf(&Shape::Table(&[
            ("id", Shape::Leaf),
            ("objective", Shape::Leaf),
            ("name", TEXT),
            ("op", Shape::Leaf),
            ("target", Shape::Leaf),
            ("unit_of_measure", Shape::TextOrString),
            ("direction", Shape::Leaf),
            ("measure", Shape::Leaf),
            ("scale", Shape::Leaf),
            ("threshold", Shape::Leaf),
            ("frequency", Shape::Leaf),
            ("share_of", Shape::Leaf),
            ("accumulates", Shape::Leaf),
            ("no_cases", Shape::Leaf),
            ("whole", Shape::Leaf),
            ("former_ids", Shape::Leaf),
            ("disaggregate_by", Shape::Leaf),
            ("target_wording", TEXT),
            ("definition", TEXT),
            ("part_of", Shape::Leaf),
            ("numerator", TEXT),
            ("denominator", TEXT),
            ("count", TEXT),
            ("count_unit", TEXT),
            (
                "baseline",
                Shape::Table(&[("year", Shape::Leaf), ("value", Shape::Leaf)]),
            ),
            ("responsible", Shape::Leaf),
            ("contributors", Shape::Leaf),
            ("previous_id", Shape::Leaf),
        ])),
    ),
    (
        "units",
        Shape::ArrayOf(&Shape::Table(&[
            ("id", Shape::Leaf),
            ("kind", Shape::Leaf),
            ("name", TEXT),
            ("short", TEXT),
            ("code", Shape::Leaf),
            ("aliases", Shape::Leaf),
            ("tasks", Shape::ArrayOf(&TEXT)),
            ("source", Shape::Leaf),
            ("tasks_are", Shape::Leaf),
            ("starts", Shape::Leaf),
            ("ends", Shape::Leaf),
            ("successors", Shape::Leaf),
            ("former_ids", Shape::Leaf),
            ("formed_from", Shape::Leaf),
            ("formed_from_outside", Shape::Leaf),
            ("email", Shape::Leaf),
            ("phone", Shape::Leaf),
        ])),
    ),
    (
        "unit_tasks",
        Shape::Table(&[
            ("office", Shape::ArrayOf(&CLAUSE)),
            ("organisation", Shape::ArrayOf(&CLAUSE)),
            ("commune", Shape::ArrayOf(&CLAUSE)),
        ]),
    ),
    (
        "previous",
        Shape::Table(&[("plan", Shape::Leaf), ("data", Shape::Leaf)]),
    ),
    (
        "transfers",
        Shape::ArrayOf(&Shape::Table(&[
            ("date", Shape::Leaf),
            ("from", Shape::Leaf),
            ("to", Shape::Leaf),
            ("indicators", Shape::Leaf),
            ("coordination", Shape::Leaf),
            ("confirmed", Shape::Leaf),
            ("basis", TEXT),
        ])),
    ),
    (
        "checks",
        Shape::ArrayOf(&Shape::Table(&[
            ("id", Shape::Leaf),
            ("test", Shape::Leaf),
            ("indicator", Shape::Leaf),
            ("part", Shape::Leaf),
            ("group", Shape::Leaf),
            ("min", Shape::Leaf),
            ("max", Shape::Leaf),
            ("max_change", Shape::Leaf),
            ("factor", Shape::Leaf),
            ("left", Shape::Leaf),
            ("op", Shape::Leaf),
            ("right", Shape::Leaf),
            ("why", TEXT),
        ])),
    ),
    (
        "exchange",
        Shape::Table(&[(
            "dhis2",
            Shape::Table(&[
                ("data_set", Shape::Leaf),
                (
                    "indicators",
                    Shape::ArrayOf(&Shape::Table(&[
                        ("id", Shape::Leaf),
                        ("value", Shape::Leaf),
                        ("numerator", Shape::Leaf),
                        ("denominator", Shape::Leaf),
                    ])),
                ),
                (
                    "units",
                    Shape::ArrayOf(&Shape::Table(&[
                        ("id", Shape::Leaf),
                        ("org_unit", Shape::Leaf),
                    ])),
                ),
                (
                    "groups",
                    Shape::ArrayOf(&Shape::Table(&[
                        ("dimension", Shape::Leaf),
                        ("group", Shape::Leaf),
                        ("category_option_combo", Shape::Leaf),
                    ])),
                ),
            ]),
        )]),
    ),
]);
