//! `gender-plan`: monitor a district's gender-equality plan.
//!
//! The pure domain ([`domain`], [`plan::model`]) sits in the middle; reading files
//! ([`plan::load`], [`intake`]), the data file ([`store`]) and the command line
//! ([`cli`], [`render`]) sit around it. See ARCHITECTURE.md.

pub mod i18n;

pub mod cli;
pub mod diagnostic;
pub mod document;
pub mod domain;
pub mod exchange;
pub mod ingest;
pub mod intake;
pub mod paint;
pub mod plan;
pub mod render;
pub mod store;
pub mod text;
pub mod words;
